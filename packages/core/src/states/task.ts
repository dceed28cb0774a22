// Task: asks the engine to call its resource with its parameters (an `invoke` intent), then takes the
// result, a failure, or its TimeoutSeconds or HeartbeatSeconds running out. Callback, `.sync` and activity
// tasks carry a task token (`$$.Task.Token`); their progress (submitted, taken by a worker, heartbeats) is
// in task-progress.ts.

import { tooDeep } from '../json/json-depth.ts';
import { jacksonReason } from '../json/jackson-parse-error.ts';
import { StatesErrors, StatesFailure, type Failure } from '../asl/errors.ts';
import { withIntegrationParameters } from '../asl/integration-parameters.ts';
import { parseResource } from '../asl/resource-arn.ts';
import { applyTemplate, effectiveInput } from '../engine/io.ts';
import { fieldValue } from '../engine/jsonata-field-values.ts';
import type { CompiledTask } from '../engine/machine.ts';
import { compactJsonText, dataLimitExceeded, maxPayloadBytes, payloadOf, utf8Length } from '../engine/payload.ts';
import type { FiredTimer, Outcome, StateContext, TaskAnswer } from '../engine/state-context.ts';
import { leaveState } from '../engine/state-exit.ts';
import type { TaskInvocation, TaskPattern, TaskPending, TaskStyle, ThreadState } from '../engine/types.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/json-value.ts';
import { recordFailed, recordScheduled, recordSucceeded } from './task-events.ts';
import { templateValue } from './nested-settings.ts';
import { describeResource } from './task-resource.ts';
import { taskSeconds } from './task-timeouts.ts';

export async function executeTask(run: StateContext, thread: ThreadState, state: CompiledTask): Promise<Outcome> {
  const def = state.def;
  const resource = parseResource(def.Resource);
  const pattern = resource.pattern;
  const style: TaskStyle = resource.kind === 'activity' || resource.kind === 'lambda' ? resource.kind : 'task';
  // A new token for every attempt, made before Parameters are evaluated so that they can pass it on.
  const taskToken = pattern === 'request' ? undefined : newTaskToken(run);
  if (taskToken === undefined) delete thread.taskToken;
  else thread.taskToken = taskToken;
  const given =
    state.queryLanguage === 'JSONata'
      ? ((await fieldValue(run, thread, state, 'Arguments')) ?? thread.input.value)
      : applyTemplate(run, thread, state.parameters, effectiveInput(run, thread, state));
  const input = withIntegrationParameters(resource, given);
  const timeoutSeconds = await taskSeconds(run, thread, state, def, 'Timeout');
  const heartbeatSeconds = await taskSeconds(run, thread, state, def, 'Heartbeat');
  if (pattern === 'activity' && (await run.ctx.activityExists?.(def.Resource)) === false) {
    throw new StatesFailure(StatesErrors.Runtime, `The activity ${def.Resource} does not exist.`);
  }
  const credentials =
    def.Credentials === undefined ? undefined : await taskCredentials(run, thread, state, def.Credentials);
  const text = input === thread.input.value ? compactJsonText(thread.input.text) : payloadOf(input).text;
  recordScheduled(run, thread, {
    resource: def.Resource,
    style,
    input: text,
    timeoutSeconds,
    heartbeatSeconds,
    ...(credentials === undefined ? {} : { credentials }),
  });
  const invocation: Omit<TaskInvocation, 'taskId'> = {
    resource: def.Resource,
    input,
    inputText: text,
    stateName: state.name,
    timeoutSeconds,
    heartbeatSeconds,
  };
  if (taskToken !== undefined) invocation.taskToken = taskToken;
  return {
    kind: 'invoke',
    call: { kind: 'task', invocation, style, pattern, heartbeatNow: heartbeatFromSchedule(pattern) },
  };
}

/**
 * Credentials: the role the task would assume, recorded on its Scheduled event (`taskCredentials`). Stepwise
 * runs every task with its own configuration; the role is shown, not assumed.
 */
async function taskCredentials(
  run: StateContext,
  thread: ThreadState,
  state: CompiledTask,
  credentials: JsonObject,
): Promise<{ roleArn: string } | undefined> {
  const holder = { Credentials: credentials };
  const value = await templateValue(run, thread, state, holder, 'Credentials', effectiveInput(run, thread, state));
  const roleArn = value !== undefined && isJsonObject(value) ? value.RoleArn : undefined;
  return typeof roleArn === 'string' ? { roleArn } : undefined;
}

function newTaskToken(run: StateContext): string {
  const services = run.ctx.services;
  return services.taskToken === undefined ? services.uuid() : services.taskToken();
}

/**
 * When the HeartbeatSeconds clock starts: an activity's when a worker takes it; a `.sync` task's never,
 * since Step Functions itself watches the job it started; every other task's when it is scheduled.
 */
function heartbeatFromSchedule(pattern: TaskPattern): boolean {
  return pattern === 'request' || pattern === 'callback';
}

/** The task's answer (the engine has cancelled its timers). */
export function resumeTask(
  run: StateContext,
  thread: ThreadState,
  state: CompiledTask,
  answer: TaskAnswer,
): Outcome | Promise<Outcome> {
  if (answer.call === 'mapRunChildren') return { kind: 'block' };
  if ('failure' in answer) return resumeTaskFailed(run, thread, answer.failure);
  return resumeTaskSucceeded(run, thread, state, answer.output);
}

/** The task returned: record its success and shape its result, or fail when it is too large. */
function resumeTaskSucceeded(
  run: StateContext,
  thread: ThreadState,
  state: CompiledTask,
  output: string,
): Outcome | Promise<Outcome> {
  const pending = taskPending(thread);
  if (utf8Length(output) > maxPayloadBytes) {
    // AWS names a Lambda ARN by itself and an integration by its service (`lambda` for lambda:invoke).
    const name =
      pending.style === 'task'
        ? describeResource(pending.resource, run.state.execution.stateMachineArn).resourceType
        : pending.resource;
    return resumeTaskFailed(run, thread, dataLimitExceeded(name));
  }
  recordSucceeded(run, thread, pending, output);
  return run.guard(thread, () => leaveState(run, thread, state, parseTaskOutput(output), { hasResult: true }));
}

/** A task's output must be JSON; anything else fails the state rather than the engine. */
function parseTaskOutput(output: string): JsonValue {
  const deep = tooDeep(output);
  if (deep !== undefined) throw new StatesFailure(StatesErrors.Runtime, `The task returned output with ${deep}.`);
  try {
    return JSON.parse(output) as JsonValue;
  } catch (error) {
    // Jackson's words and location, which also quote the output's start.
    throw new StatesFailure(
      StatesErrors.Runtime,
      `The task returned output that is not valid JSON: ${jacksonReason(output, error)}`,
    );
  }
}

/** The task failed (or timed out): record AWS's event for it, then Retry and Catch apply. */
function resumeTaskFailed(run: StateContext, thread: ThreadState, failure: Failure, timedOut = false): Outcome {
  const pending = taskPending(thread);
  recordFailed(run, thread, pending, failure, timedOut);
  return { kind: 'fail', failure };
}

/**
 * TimeoutSeconds or HeartbeatSeconds elapsed before the task answered (the engine has cancelled it): AWS
 * records States.Timeout for both; a heartbeat timeout is also matched by States.HeartbeatTimeout.
 */
export function timeOutTask(run: StateContext, thread: ThreadState, _state: CompiledTask, timer: FiredTimer): Outcome {
  const failure: Failure =
    timer === 'heartbeat' ? { error: StatesErrors.Timeout, heartbeatTimeout: true } : { error: StatesErrors.Timeout };
  return resumeTaskFailed(run, thread, failure, true);
}

export function taskPending(thread: ThreadState): TaskPending {
  const pending = thread.pending;
  if (pending?.kind !== 'task') throw new Error('a task outcome on a thread not waiting for a task');
  return pending;
}
