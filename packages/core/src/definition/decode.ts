// decodeDefinition: definition text to a validated StateMachineDefinition plus AWS-style diagnostics; never throws.

import type { QueryLanguage, StateMachineDefinition } from '../asl/types.ts';
import { isJsonObject } from '../json/json-value.ts';
import { jacksonParseError } from '../json/jackson-parse-error.ts';
import type { JsonObject } from '../json/json-value.ts';
import type { MachineType, ValidationContext } from './context.ts';
import {
  DUPLICATE_STATE_NAME,
  INVALID_JSON_DESCRIPTION,
  Reporter,
  SCHEMA_VALIDATION_FAILED,
  childPointer,
} from './diagnostics.ts';
import type { DecodeResult } from './diagnostics.ts';
import { checkEnum, checkNumber, checkType } from './field-checks.ts';
import { parseWithPositions } from './source-map.ts';
import type { SourceMap } from './source-map.ts';
import { checkTransitions, validateBlock } from './validate-block.ts';

export interface DecodeOptions {
  /** The state machine type: EXPRESS machines reject activities, callbacks, `.sync` and distributed Maps. */
  type?: MachineType;
}

const NOT_AN_OBJECT = 'Definition must be a valid JSON object';
const ROOT_FIELDS = ['QueryLanguage', 'TimeoutSeconds', 'Version'];

export function decodeDefinition(text: string, options: DecodeOptions = {}): DecodeResult {
  const parsed = text.trim() === '' ? undefined : parseWithPositions(text);
  if (parsed === undefined || !('value' in parsed)) {
    const { line, column } = parsed ?? { line: 1, column: 1 };
    // Jackson's words for a syntax error, as AWS gives them (docs/choices.md); the diagnostic has its own location.
    const jackson = parsed === undefined ? undefined : jacksonParseError(text)?.split('\n')[0];
    const message = parsed === undefined ? NOT_AN_OBJECT : (jackson ?? parsed.message);
    const code = parsed === undefined ? SCHEMA_VALIDATION_FAILED : INVALID_JSON_DESCRIPTION;
    return { definition: undefined, diagnostics: [{ severity: 'ERROR', code, message, location: '', line, column }] };
  }
  const report = new Reporter(parsed.positions, parsed.keyPositions);
  if (!isJsonObject(parsed.value)) {
    report.error('', NOT_AN_OBJECT);
    return { definition: undefined, diagnostics: report.diagnostics };
  }
  reportDuplicates(report, parsed);
  const ctx = createContext(report, parsed.value, options.type ?? 'STANDARD');
  validateRoot(ctx, parsed.value);
  if (!report.hasErrors()) {
    for (const block of ctx.blocks) checkTransitions(ctx, block);
  }
  const definition = report.hasErrors() ? undefined : (parsed.value as unknown as StateMachineDefinition);
  return { definition, diagnostics: report.diagnostics };
}

function createContext(report: Reporter, root: JsonObject, machineType: MachineType): ValidationContext {
  const machineLanguage: QueryLanguage = root.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  const ctx: ValidationContext = {
    report,
    machineType,
    machineLanguage,
    stateNames: new Set(),
    blocks: [],
    validateBlock: (value, at, extraFields) => validateBlock(ctx, value, at, extraFields),
  };
  return ctx;
}

function validateRoot(ctx: ValidationContext, root: JsonObject): void {
  const node = { ctx, obj: root, at: '/', language: ctx.machineLanguage };
  checkEnum(node, 'QueryLanguage', ['JSONPath', 'JSONata']);
  checkNumber({ ...node, language: 'JSONPath' }, 'TimeoutSeconds', 1, 99999999);
  checkType(node, 'Version', 'String');
  validateBlock(ctx, root, '/', ROOT_FIELDS);
}

/** JSON objects with a repeated key: AWS rejects them (a repeated state name is DUPLICATE_STATE_NAME). */
function reportDuplicates(report: Reporter, parsed: SourceMap): void {
  for (const at of parsed.duplicates) {
    const cut = at.lastIndexOf('/');
    const parent = at.slice(0, cut);
    const key = at.slice(cut + 1);
    if (parent === '/States' || parent.endsWith('/States')) {
      report.error(at, `Duplicate State name: ${key}`, DUPLICATE_STATE_NAME);
    } else {
      report.error(at === '' ? '/' : childPointer(parent, key), `Duplicate field '${key}'`, INVALID_JSON_DESCRIPTION);
    }
  }
}
