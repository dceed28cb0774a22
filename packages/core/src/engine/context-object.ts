// The context object `$$`: what AWS exposes about the execution, the state machine, the current state
// and, inside a Map, the current item.

import type { JsonObject } from '../json/json-value.ts';
import type { ExecutionState, ThreadState } from './types.ts';

/** States whose `$$.State` carries RetryCount: the ones that can be retried. */
const retryableTypes = new Set(['Task', 'Parallel', 'Map']);

export function buildContextObject(state: ExecutionState, thread: ThreadState, stateType?: string): JsonObject {
  if (state.fixedContext !== undefined) return state.fixedContext;
  const execution = state.execution;
  const stateInfo: JsonObject = { Name: thread.stateName, EnteredTime: isoTime(thread.enteredTime) };
  if (stateType !== undefined && retryableTypes.has(stateType)) {
    stateInfo.RetryCount = thread.retries.reduce((sum, attempts) => sum + attempts, 0);
  }
  const context: JsonObject = {
    Execution: {
      Id: execution.executionArn,
      Input: state.input.value,
      StartTime: isoTime(state.startTime),
      Name: execution.name,
      RoleArn: execution.roleArn,
      ...(execution.express === true ? {} : { RedriveCount: execution.redriveCount ?? 0 }),
    },
    StateMachine: { Id: execution.stateMachineArn, Name: execution.stateMachineName },
    State: stateInfo,
  };
  // Only a Task whose pattern has a token (callback, `.sync`, activity) shows `$$.Task`.
  if (stateType === 'Task' && thread.taskToken !== undefined) context.Task = { Token: thread.taskToken };
  if (thread.mapItem !== undefined)
    context.Map = { Item: { Index: thread.mapItem.index, Value: thread.mapItem.value } };
  return context;
}

/** AWS's timestamp text: ISO-8601 in UTC with milliseconds. */
export function isoTime(epochMillis: number): string {
  return new Date(epochMillis).toISOString();
}
