// A JSONata Map's items and limits: Items (an expression or a literal array, else the state input),
// MaxConcurrency and ToleratedFailure* as literals or expressions, with AWS's QueryEvaluationError texts.

import { StatesErrors, StatesFailure } from '../asl/errors.ts';
import { integerField, numberField } from '../engine/jsonata-field-values.ts';
import type { CompiledMap } from '../engine/machine.ts';
import type { StateContext } from '../engine/state-context.ts';
import { jsonataScope } from '../engine/state-exit.ts';
import type { ThreadState } from '../engine/types.ts';
import type { JsonValue } from '../json/json-value.ts';
import type { MapTolerance } from './map-settings.ts';

export interface MapSettings extends MapTolerance {
  items: JsonValue[];
  maxConcurrency: number;
}

/** Reads the settings; a failure is recorded as EvaluationFailed followed by MapStateFailed, as on AWS. */
export async function jsonataMapSettings(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  reading: boolean,
): Promise<MapSettings> {
  try {
    // An ItemReader's items are read later (map-run.ts).
    const items = reading ? [] : await jsonataItems(run, thread, state);
    const maxConcurrency = (await integerField(run, thread, state, 'MaxConcurrency', 0)) ?? 0;
    const toleratedCount = await integerField(run, thread, state, 'ToleratedFailureCount', 0);
    const toleratedPercentage = await numberField(run, thread, state, 'ToleratedFailurePercentage', 0, 100);
    return { items, maxConcurrency, toleratedCount, toleratedPercentage };
  } catch (error) {
    if (!(error instanceof StatesFailure) || error.evaluation === undefined) throw error;
    throw new StatesFailure(error.error, error.cause, { ...error.evaluation, failedEvent: 'MapStateFailed' });
  }
}

async function jsonataItems(run: StateContext, thread: ThreadState, state: CompiledMap): Promise<JsonValue[]> {
  const template = state.jsonata.get('Items');
  if (template === undefined) {
    const input = thread.input.value;
    if (Array.isArray(input)) return input;
    throw new StatesFailure(
      StatesErrors.QueryEvaluationError,
      `Map state input must be an array but was: ${JSON.stringify(input)}`,
      {},
    );
  }
  const items = await template.evaluate(jsonataScope(run, thread));
  if (Array.isArray(items)) return items;
  const text = template.expressionText ?? JSON.stringify(state.def.Items ?? null);
  throw new StatesFailure(
    StatesErrors.QueryEvaluationError,
    `The JSONata expression '${text}' specified for the field 'Items' returned an unexpected result type. ` +
      `Expected 'array', but was '${typeName(items)}' for value: ${JSON.stringify(items)}`,
    { location: 'Items' },
  );
}

function typeName(value: JsonValue): string {
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}
