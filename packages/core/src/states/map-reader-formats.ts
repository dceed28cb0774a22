// What a Distributed Map's ItemReader makes of what S3 returned: the rows of a CSV file, the elements of a
// JSON array, the lines of a JSON Lines file, or the objects ListObjectsV2 listed. Pure: the runtime
// fetches, the engine parses, so that every runtime reads items the same way.

import { StatesErrors, StatesFailure } from '../asl/errors.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import { jacksonReason } from '../json/jackson-parse-error.ts';

/** The parts of ReaderConfig that shape parsing (MaxItems is applied by the caller). */
export interface ReaderFormat {
  /** Absent for ListObjectsV2, which lists objects rather than reading one. */
  inputType?: string;
  csvHeaderLocation?: string;
  csvHeaders?: JsonValue;
  csvDelimiter?: string;
  /** JSON only: a JSON pointer to the array inside the object read. */
  itemsPointer?: string;
}

/** AWS stops reading a Distributed Map's items beyond this many. */
export const maxReaderItems = 100_000_000;

const delimiters: Readonly<Record<string, string>> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

/**
 * The items in `content`: the object's text for getObject, the listed objects for listObjectsV2. At most
 * `limit` items are read (CSV and JSON Lines stop reading there).
 */
export function readerItems(format: ReaderFormat, content: JsonValue, limit: number): JsonValue[] {
  if (format.inputType === undefined) return listedObjects(content).slice(0, limit);
  if (typeof content !== 'string') throw readerFailure('The ItemReader did not receive the object as text.');
  switch (format.inputType) {
    case 'CSV':
      return csvItems(format, content, limit);
    case 'JSON':
      return jsonItems(format, content).slice(0, limit);
    case 'JSONL':
      return jsonLinesItems(content, limit);
    default:
      throw readerFailure(`Stepwise cannot read items of InputType ${format.inputType}.`);
  }
}

function listedObjects(content: JsonValue): JsonValue[] {
  if (!Array.isArray(content)) throw readerFailure('The ItemReader did not receive a list of objects.');
  return content;
}

function jsonItems(format: ReaderFormat, text: string): JsonValue[] {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(text) as JsonValue;
  } catch (error) {
    throw readerFailure(`The object is not valid JSON: ${jacksonReason(text, error)}`);
  }
  const items = format.itemsPointer === undefined ? parsed : atPointer(parsed, format.itemsPointer);
  // AWS's words for a JSON object that is not an array (LocalStack's AWS-validated recording).
  if (!Array.isArray(items)) throw readerFailure('Attempting to map over non-iterable node.');
  return items;
}

function atPointer(value: JsonValue, pointer: string): JsonValue | undefined {
  if (pointer === '') return value;
  let current: JsonValue | undefined = value;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) current = current[Number(token)];
    else if (current !== null && typeof current === 'object') current = current[token];
    else return undefined;
  }
  return current;
}

function jsonLinesItems(text: string, limit: number): JsonValue[] {
  const items: JsonValue[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && items.length < limit; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    try {
      items.push(JSON.parse(line) as JsonValue);
    } catch (error) {
      throw readerFailure(`Line ${i + 1} of the JSON Lines object is not valid JSON: ${jacksonReason(line, error)}`);
    }
  }
  return items;
}

/**
 * CSV rows as objects keyed by the headers (the first row's, or CSVHeaders). Every value is a string, as
 * on AWS; a row with fewer fields than headers gets empty strings, extra fields are dropped.
 */
function csvItems(format: ReaderFormat, text: string, limit: number): JsonValue[] {
  const delimiter = delimiters[format.csvDelimiter ?? 'COMMA'];
  if (delimiter === undefined) throw readerFailure(`Unknown CSVDelimiter ${format.csvDelimiter}.`);
  const rows = csvRows(text, delimiter);
  const given = format.csvHeaderLocation === 'GIVEN';
  const headers = given ? givenHeaders(format.csvHeaders) : (rows.shift() ?? []);
  if (new Set(headers).size !== headers.length) throw readerFailure('CSV headers cannot contain duplicates.');
  return rows.slice(0, limit).map((row) => {
    const item: JsonObject = {};
    headers.forEach((header, i) => {
      item[header] = row[i] ?? '';
    });
    return item;
  });
}

function givenHeaders(value: JsonValue | undefined): string[] {
  if (!Array.isArray(value) || !value.every((header) => typeof header === 'string')) {
    throw readerFailure('CSVHeaders must be an array of strings when CSVHeaderLocation is GIVEN.');
  }
  return value;
}

/** RFC 4180 records: quoted fields may hold delimiters, quotes (doubled) and line breaks; empty lines are skipped. */
function csvRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let rowHasContent = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
      rowHasContent = true;
    } else if (char === delimiter) {
      row.push(field);
      field = '';
      rowHasContent = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      if (rowHasContent || field !== '') rows.push([...row, field]);
      row = [];
      field = '';
      rowHasContent = false;
    } else {
      field += char;
      rowHasContent = true;
    }
  }
  if (rowHasContent || field !== '') rows.push([...row, field]);
  return rows;
}

export function readerFailure(cause: string): StatesFailure {
  return new StatesFailure(StatesErrors.ItemReaderFailed, cause);
}
