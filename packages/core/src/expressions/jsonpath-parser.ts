// Parses AWS's JSONPath dialect (Jayway syntax plus `$$` and `$variable` roots) into steps.

import type { PathRoot, PathStep } from './jsonpath-ast.ts';
import { isIdentifierChar, isSpace, type Cursor } from './cursor.ts';

/** Parses a filter body `?(...)` starting after `?(`; supplied by the filter parser to avoid a cycle. */
export type FilterParser = (cursor: Cursor) => PathStep & { kind: 'filter' };

/** Characters that end a dot-notation name (Jayway stops at `.`, `[`, spaces and parentheses). */
const NAME_STOPS = new Set(['.', '[', ']', '(', ')', ',', '=', '<', '>', '!', '&', '|', "'", '"']);

/** Reads the root: `$$`, `$name`, `$`, or `@` when `allowCurrent` (inside filters). */
export function parseRoot(cursor: Cursor, allowCurrent: boolean): PathRoot | 'current' {
  if (allowCurrent && cursor.eat('@')) return 'current';
  if (!cursor.eat('$')) cursor.fail("A JSONPath must start with '$'");
  if (cursor.eat('$')) return { kind: 'context' };
  const start = cursor.pos;
  while (isIdentifierChar(cursor.peek())) cursor.pos += 1;
  if (cursor.pos === start) return { kind: 'input' };
  return { kind: 'variable', name: cursor.text.slice(start, cursor.pos) };
}

/** Reads steps until a character that cannot continue a path. */
export function parseSteps(cursor: Cursor, parseFilter: FilterParser): PathStep[] {
  const steps: PathStep[] = [];
  for (;;) {
    if (cursor.startsWith('..')) {
      cursor.pos += 2;
      steps.push({ kind: 'descent', step: parseAfterDot(cursor, parseFilter) });
    } else if (cursor.eat('.')) {
      steps.push(parseAfterDot(cursor, parseFilter));
    } else if (cursor.peek() === '[') {
      steps.push(parseBracket(cursor, parseFilter));
    } else {
      return steps;
    }
  }
}

function parseAfterDot(cursor: Cursor, parseFilter: FilterParser): PathStep {
  if (cursor.eat('*')) return { kind: 'wildcard' };
  // Jayway (AWS's dialect) reads a bracket right after a dot as if the dot were absent: `$.[0]`, `$.a.['b']`.
  if (cursor.peek() === '[') return parseBracket(cursor, parseFilter);
  const start = cursor.pos;
  while (!cursor.atEnd() && !NAME_STOPS.has(cursor.peek()) && !isSpace(cursor.peek())) cursor.pos += 1;
  if (cursor.pos === start) cursor.fail('Expected a property name');
  return { kind: 'property', name: cursor.text.slice(start, cursor.pos) };
}

function parseBracket(cursor: Cursor, parseFilter: FilterParser): PathStep {
  cursor.expect('[');
  cursor.skipSpaces();
  let step: PathStep;
  if (cursor.eat('*')) step = { kind: 'wildcard' };
  else if (cursor.eat('?(')) step = parseFilter(cursor);
  else if (cursor.peek() === "'" || cursor.peek() === '"') step = parseNames(cursor);
  else step = parseIndices(cursor);
  cursor.skipSpaces();
  cursor.expect(']');
  return step;
}

function parseNames(cursor: Cursor): PathStep {
  const names = [readQuoted(cursor)];
  while (cursor.eatAfterSpaces(',')) {
    cursor.skipSpaces();
    names.push(readQuoted(cursor));
  }
  const [first] = names;
  return names.length === 1 && first !== undefined ? { kind: 'property', name: first } : { kind: 'union', keys: names };
}

/**
 * A quoted name. Only the quote itself (and a backslash) can be escaped; any other backslash is
 * kept, as AWS does (`$['a\"b']` names the key `a\"b`).
 */
export function readQuoted(cursor: Cursor): string {
  const quote = cursor.peek();
  cursor.pos += 1;
  let value = '';
  for (;;) {
    if (cursor.atEnd()) cursor.fail(`Expected a closing ${quote}`);
    const char = cursor.peek();
    if (char === quote) break;
    const next = cursor.peek(1);
    if (char === '\\' && (next === quote || next === '\\')) {
      value += next;
      cursor.pos += 2;
    } else {
      value += char;
      cursor.pos += 1;
    }
  }
  cursor.pos += 1;
  return value;
}

function parseIndices(cursor: Cursor): PathStep {
  const first = cursor.readInteger();
  cursor.skipSpaces();
  if (cursor.peek() === ':') return parseSlice(cursor, first);
  if (first === undefined) cursor.fail("Expected an index, a slice, '*', a quoted name or a filter");
  const indices = [first];
  while (cursor.eat(',')) {
    cursor.skipSpaces();
    const next = cursor.readInteger();
    if (next === undefined) cursor.fail('Expected an index');
    indices.push(next);
    cursor.skipSpaces();
  }
  return indices.length === 1 ? { kind: 'index', index: first } : { kind: 'union', keys: indices };
}

function parseSlice(cursor: Cursor, start: number | undefined): PathStep {
  cursor.expect(':');
  cursor.skipSpaces();
  const end = cursor.readInteger();
  cursor.skipSpaces();
  let step: number | undefined;
  if (cursor.eat(':')) {
    cursor.skipSpaces();
    step = cursor.readInteger();
    if (step !== undefined && step <= 0) cursor.fail('Expected a positive slice step');
  }
  return { kind: 'slice', start, end, step };
}
