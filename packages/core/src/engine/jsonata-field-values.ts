// A JSONata state's scalar fields given as `{% %}` expressions (Seconds, TimeoutSeconds, MaxConcurrency,
// Error, ...), evaluated on demand, with AWS's check that a number field got a number.

import { queryEvaluationFailure } from '../expressions/jsonata/jsonata-expression.ts';
import type { JsonValue } from '../json/json-value.ts';
import type { CompiledState } from './machine.ts';
import type { StateContext } from './state-context.ts';
import { jsonataScope } from './state-exit.ts';
import type { ThreadState } from './types.ts';

/** The field's value: its expression's result when it is one, else the literal from the definition. */
export async function fieldValue(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  field: string,
): Promise<JsonValue | undefined> {
  const template = state.jsonata.get(field);
  if (template !== undefined) return template.evaluate(jsonataScope(run, thread));
  return state.fields[field];
}

/** A field that must hold an integer of at least `minimum` (AWS's QueryEvaluationError otherwise). */
export async function integerField(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  field: string,
  minimum: number,
): Promise<number | undefined> {
  const value = await fieldValue(run, thread, state, field);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw queryEvaluationFailure(
      `The ${field} field must be an integer of at least ${minimum}, but was ${JSON.stringify(value)}`,
      field,
    );
  }
  return value;
}

/** A field that must hold a number between `minimum` and `maximum`. */
export async function numberField(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  field: string,
  minimum: number,
  maximum: number,
): Promise<number | undefined> {
  const value = await fieldValue(run, thread, state, field);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || value < minimum || value > maximum) {
    throw queryEvaluationFailure(
      `The ${field} field must be a number between ${minimum} and ${maximum}, but was ${JSON.stringify(value)}`,
      field,
    );
  }
  return value;
}
