// Task: hands its parameters to the runtime as an InvokeTask command and waits for the result, a failure,
// or its TimeoutSeconds; records AWS's Lambda* events for Lambda ARNs and Task* events for the rest.

import { StatesErrors, StatesFailure, type Failure } from '../asl/errors.ts';
import type { TaskState } from '../asl/types.ts';
import { failureDetails } from '../engine/history.ts';
import { applyTemplate, effectiveInput } from '../engine/io.ts';
import { fieldValue } from '../engine/jsonata-fields.ts';
import type { CompiledState } from '../engine/machine.ts';
import { maxPayloadBytes, payloadOf, utf8Length } from '../engine/payload.ts';
import { dataLimitExceeded, type Outcome, type Run } from '../engine/run.ts';
import { leaveState } from '../engine/state-exit.ts';
import type { TaskStyle, ThreadState } from '../engine/types.ts';
import type { JsonValue } from '../json/json-value.ts';
import { describeResource } from './task-resource.ts';
import { taskSeconds } from './task-timeouts.ts';

export async function executeTask(
  run: Run,
  thread: ThreadState,
  state: CompiledState,
  def: TaskState,
): Promise<Outcome> {
  const input =
    state.queryLanguage === 'JSONata'
      ? ((await fieldValue(run, thread, state, 'Arguments')) ?? thread.input.value)
      : applyTemplate(run, thread, state.parameters, effectiveInput(run, thread, state));
  const timeoutSeconds = await taskSeconds(run, thread, state, def, 'Timeout');
  const heartbeatSeconds = await taskSeconds(run, thread, state, def, 'Heartbeat');
  const style: TaskStyle = def.Resource.startsWith('arn:aws:lambda:') ? 'lambda' : 'task';
  const taskId = run.newId(thread, 'task');
  recordScheduled(run, thread, def.Resource, style, payloadOf(input).text, timeoutSeconds, heartbeatSeconds);
  const invocation = { taskId, resource: def.Resource, input, stateName: state.name, timeoutSeconds, heartbeatSeconds };
  run.commands.push({ type: 'InvokeTask', invocation });
  thread.pending = { kind: 'task', taskId, resource: def.Resource, style };
  if (timeoutSeconds !== undefined) {
    thread.pending.timerId = `${taskId}:timeout`;
    run.startTimer(thread.pending.timerId, run.now + timeoutSeconds * 1000);
  }
  return { kind: 'block' };
}

function recordScheduled(
  run: Run,
  thread: ThreadState,
  resourceArn: string,
  style: TaskStyle,
  input: string,
  timeoutInSeconds: number | undefined,
  heartbeatInSeconds: number | undefined,
): void {
  if (style === 'lambda') {
    const details = { resource: resourceArn, input, inputDetails: { truncated: false }, timeoutInSeconds };
    run.history.record(thread, 'LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: details });
    run.history.record(thread, 'LambdaFunctionStarted');
    return;
  }
  const resource = describeResource(resourceArn, run.state.execution.stateMachineArn);
  const scheduled = { ...resource, parameters: input, timeoutInSeconds, heartbeatInSeconds };
  run.history.record(thread, 'TaskScheduled', { taskScheduledEventDetails: scheduled });
  const started = { resource: resource.resource, resourceType: resource.resourceType };
  run.history.record(thread, 'TaskStarted', { taskStartedEventDetails: started });
}

/** The task returned: record its success and shape its result, or fail when it is too large. */
export function resumeTaskSucceeded(
  run: Run,
  thread: ThreadState,
  state: CompiledState,
  output: string,
): Outcome | Promise<Outcome> {
  const pending = thread.pending;
  if (pending?.kind !== 'task') throw new Error('resumeTaskSucceeded on a thread not waiting for a task');
  cancelTimeout(run, thread);
  if (utf8Length(output) > maxPayloadBytes) {
    // AWS names a Lambda ARN by itself and an integration by its service (`lambda` for lambda:invoke).
    const name =
      pending.style === 'lambda'
        ? pending.resource
        : describeResource(pending.resource, run.state.execution.stateMachineArn).resourceType;
    return resumeTaskFailed(run, thread, dataLimitExceeded(name));
  }
  const details = { output, outputDetails: { truncated: false } };
  if (pending.style === 'lambda') {
    run.history.record(thread, 'LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: details });
  } else {
    const resource = describeResource(pending.resource, run.state.execution.stateMachineArn);
    const taskDetails = { ...details, resource: resource.resource, resourceType: resource.resourceType };
    run.history.record(thread, 'TaskSucceeded', { taskSucceededEventDetails: taskDetails });
  }
  return run.guard(thread, () => leaveState(run, thread, state, parseTaskOutput(output), { hasResult: true }));
}

/** A task's output must be JSON; anything else fails the state rather than the engine. */
function parseTaskOutput(output: string): JsonValue {
  try {
    return JSON.parse(output) as JsonValue;
  } catch {
    throw new StatesFailure(
      StatesErrors.Runtime,
      `The task returned output that is not valid JSON: ${output.slice(0, 200)}`,
    );
  }
}

/** The task failed (or timed out): record AWS's event for it, then Retry and Catch apply. */
export function resumeTaskFailed(run: Run, thread: ThreadState, failure: Failure, timedOut = false): Outcome {
  const pending = thread.pending;
  if (pending?.kind !== 'task') throw new Error('resumeTaskFailed on a thread not waiting for a task');
  cancelTimeout(run, thread);
  const details = failureDetails(failure);
  if (pending.style === 'lambda') {
    const type = timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed';
    const key = timedOut ? 'lambdaFunctionTimedOutEventDetails' : 'lambdaFunctionFailedEventDetails';
    run.history.record(thread, type, { [key]: details });
  } else {
    const resource = describeResource(pending.resource, run.state.execution.stateMachineArn);
    const full = { ...details, resource: resource.resource, resourceType: resource.resourceType };
    const type = timedOut ? 'TaskTimedOut' : 'TaskFailed';
    run.history.record(thread, type, { [timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails']: full });
  }
  return { kind: 'fail', failure };
}

/** TimeoutSeconds elapsed before the task answered. */
export function timeOutTask(run: Run, thread: ThreadState): Outcome {
  const pending = thread.pending;
  if (pending?.kind !== 'task') throw new Error('timeOutTask on a thread not waiting for a task');
  pending.timerId = undefined;
  run.commands.push({ type: 'CancelTask', taskId: pending.taskId });
  return resumeTaskFailed(run, thread, { error: StatesErrors.Timeout }, true);
}

function cancelTimeout(run: Run, thread: ThreadState): void {
  const pending = thread.pending;
  if (pending?.kind === 'task' && pending.timerId !== undefined) {
    run.commands.push({ type: 'CancelTimer', timerId: pending.timerId });
    pending.timerId = undefined;
  }
}
