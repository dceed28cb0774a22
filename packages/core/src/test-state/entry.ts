// The tested state as it is on entry (execution state, context and thread), for evaluating its fields
// outside the run: a mocked Map's items and tolerances, and the inspection data.

import { newExecutionState } from '../engine/step.ts';
import type { EngineContext, ExecutionInfo, ExecutionState, ThreadState } from '../engine/types.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import type { TestStateServices } from './types.ts';

export interface EntryOptions {
  execution: ExecutionInfo;
  input: string;
  context: JsonObject;
  variables: Record<string, JsonValue> | undefined;
  services: TestStateServices;
}

/** A new execution state holding the request's context and variables; TestState takes no time, so `now` is fixed. */
export function entryState(options: EntryOptions): { state: ExecutionState; ctx: EngineContext } {
  const start = options.services.now();
  const ctx: EngineContext = { now: () => start, services: options.services.evaluation };
  const state = newExecutionState(options.execution, options.input, start);
  state.fixedContext = options.context;
  if (options.variables !== undefined) state.initialVariables = options.variables;
  return { state, ctx };
}

/** The top-level thread in state `name` with `input`, as it entered. */
export function entryThread(
  name: string,
  input: string,
  variables: Record<string, JsonValue> | undefined,
  enteredTime: number,
): ThreadState {
  return {
    id: '0',
    block: '',
    recorded: false,
    stateName: name,
    input: { value: JSON.parse(input) as JsonValue, text: input },
    cursor: 0,
    enteredEventId: 0,
    enteredTime,
    retries: [],
    ...(variables === undefined ? {} : { variables }),
  };
}
