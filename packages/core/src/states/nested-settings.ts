// Settings nested inside a state's object fields (a Distributed Map's ItemReader, ItemBatcher and
// ResultWriter, a Task's Credentials): literals, `{% %}` expressions (JSONata), `...Path` forms (JSONPath)
// and templates (Parameters, Arguments, BatchInput, Credentials). They are compiled on first use and kept
// per definition object, as the machine keeps the state's own fields.

import { compilePath, compilePayloadTemplate, type CompiledPath, type CompiledTemplate } from '../expressions/index.ts';
import { compileJsonataTemplate, type CompiledJsonataTemplate } from '../expressions/jsonata/jsonata-template.ts';
import type { CompiledState } from '../engine/machine.ts';
import type { StateContext } from '../engine/state-context.ts';
import { jsonataScope } from '../engine/state-exit.ts';
import type { ThreadState } from '../engine/types.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/json-value.ts';

type Compiled = CompiledPath | CompiledTemplate | CompiledJsonataTemplate;

const compiledByHolder = new WeakMap<JsonObject, Map<string, Compiled>>();

function compiled<T extends Compiled>(holder: JsonObject, key: string, compile: () => T): T {
  let fields = compiledByHolder.get(holder);
  if (fields === undefined) {
    fields = new Map();
    compiledByHolder.set(holder, fields);
  }
  let value = fields.get(key) as T | undefined;
  if (value === undefined) {
    value = compile();
    fields.set(key, value);
  }
  return value;
}

/** An object field of the definition (ItemReader, ReaderConfig, ItemBatcher, ...), or undefined. */
export function objectField(holder: JsonObject | undefined, field: string): JsonObject | undefined {
  const value = holder?.[field];
  return isJsonObject(value) ? value : undefined;
}

/**
 * A setting's value: a literal, a JSONata expression, or (JSONPath) the value its `<field>Path` selects
 * from `input`, the Map's effective input. Undefined when the definition sets neither.
 */
export async function settingValue(
  run: StateContext,
  thread: ThreadState,
  holder: JsonObject,
  field: string,
  input: JsonValue,
): Promise<JsonValue | undefined> {
  const literal = holder[field];
  if (typeof literal === 'string' && literal.trim().startsWith('{%')) {
    const template = compiled(holder, field, () => compileJsonataTemplate(literal, field));
    return template.evaluate(jsonataScope(run, thread));
  }
  if (literal !== undefined) return literal;
  const pathText = holder[`${field}Path`];
  if (typeof pathText !== 'string') return undefined;
  const path = compiled(holder, `${field}Path`, () => compilePath(pathText));
  return path.evaluate(run.scope(thread, input));
}

/** A template field (Parameters, Arguments, BatchInput, Credentials) evaluated in the state's query language. */
export async function templateValue(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  holder: JsonObject,
  field: string,
  input: JsonValue,
): Promise<JsonValue | undefined> {
  const value = holder[field];
  if (value === undefined) return undefined;
  if (state.queryLanguage === 'JSONata') {
    const template = compiled(holder, field, () => compileJsonataTemplate(value, field));
    return template.evaluate(jsonataScope(run, thread));
  }
  const template = compiled(holder, field, () => compilePayloadTemplate(value));
  return template.evaluate(run.scope(thread, input));
}

/** A whole number from a setting; AWS also takes a string that holds one (a variable assigned "2"). */
export function wholeNumber(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}
