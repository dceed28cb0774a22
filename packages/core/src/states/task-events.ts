// AWS's history events for a Task, by style: Lambda* for legacy Lambda ARNs, Activity* for activities,
// Task* (with resource and resourceType) for every integration.

import type { Failure } from '../asl/errors.ts';
import { failureDetails } from '../engine/history.ts';
import type { StateContext } from '../engine/state-context.ts';
import type { TaskPending, TaskStyle, ThreadState } from '../engine/types.ts';
import { describeResource } from './task-resource.ts';

export interface ScheduledTask {
  resource: string;
  style: TaskStyle;
  /** The effective parameters as JSON text. */
  input: string;
  timeoutSeconds: number | undefined;
  heartbeatSeconds: number | undefined;
  /** The role its Credentials name. */
  credentials?: { roleArn: string };
}

/** Scheduled and (except for an activity, which starts when a worker takes it) Started. */
export function recordScheduled(run: StateContext, thread: ThreadState, task: ScheduledTask): void {
  const { resource: resourceArn, input } = task;
  const inputDetails = { truncated: false };
  const taskCredentials = task.credentials;
  if (task.style === 'lambda') {
    const details = {
      resource: resourceArn,
      input,
      inputDetails,
      timeoutInSeconds: task.timeoutSeconds,
      taskCredentials,
    };
    run.history.record(thread, 'LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: details });
    run.history.record(thread, 'LambdaFunctionStarted');
    return;
  }
  if (task.style === 'activity') {
    const details = {
      resource: resourceArn,
      input,
      inputDetails,
      timeoutInSeconds: task.timeoutSeconds,
      heartbeatInSeconds: task.heartbeatSeconds,
    };
    run.history.record(thread, 'ActivityScheduled', { activityScheduledEventDetails: details });
    return;
  }
  const resource = describeResource(resourceArn, run.state.execution.stateMachineArn);
  const scheduled = {
    ...resource,
    parameters: input,
    timeoutInSeconds: task.timeoutSeconds,
    heartbeatInSeconds: task.heartbeatSeconds,
    taskCredentials,
  };
  run.history.record(thread, 'TaskScheduled', { taskScheduledEventDetails: scheduled });
  run.history.record(thread, 'TaskStarted', { taskStartedEventDetails: resourceNames(run, resourceArn) });
}

/** A worker took the activity: `workerName` as GetActivityTask gave it (AWS records `{}` without one). */
export function recordActivityStarted(run: StateContext, thread: ThreadState, workerName: string | undefined): void {
  const details = workerName === undefined ? {} : { workerName };
  run.history.record(thread, 'ActivityStarted', { activityStartedEventDetails: details });
}

/** The integration's response to a callback or `.sync` task; the task goes on waiting. */
export function recordSubmitted(run: StateContext, thread: ThreadState, pending: TaskPending, output: string): void {
  const details = { ...resourceNames(run, pending.resource), output, outputDetails: { truncated: false } };
  run.history.record(thread, 'TaskSubmitted', { taskSubmittedEventDetails: details });
}

export function recordSucceeded(run: StateContext, thread: ThreadState, pending: TaskPending, output: string): void {
  const details = { output, outputDetails: { truncated: false } };
  if (pending.style === 'lambda') {
    run.history.record(thread, 'LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: details });
  } else if (pending.style === 'activity') {
    run.history.record(thread, 'ActivitySucceeded', { activitySucceededEventDetails: details });
  } else {
    const taskDetails = { ...details, ...resourceNames(run, pending.resource) };
    run.history.record(thread, 'TaskSucceeded', { taskSucceededEventDetails: taskDetails });
  }
}

/** `<Style>Failed`, or `<Style>TimedOut` for a timeout. */
export function recordFailed(
  run: StateContext,
  thread: ThreadState,
  pending: TaskPending,
  failure: Failure,
  timedOut: boolean,
): void {
  const details = failureDetails(failure);
  const history = run.history;
  if (pending.style === 'lambda') {
    if (timedOut) history.record(thread, 'LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: details });
    else history.record(thread, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: details });
  } else if (pending.style === 'activity') {
    if (timedOut) history.record(thread, 'ActivityTimedOut', { activityTimedOutEventDetails: details });
    else history.record(thread, 'ActivityFailed', { activityFailedEventDetails: details });
  } else {
    const full = { ...details, ...resourceNames(run, pending.resource) };
    if (timedOut) history.record(thread, 'TaskTimedOut', { taskTimedOutEventDetails: full });
    else history.record(thread, 'TaskFailed', { taskFailedEventDetails: full });
  }
}

function resourceNames(run: StateContext, resourceArn: string): { resource: string; resourceType: string } {
  const { resource, resourceType } = describeResource(resourceArn, run.state.execution.stateMachineArn);
  return { resource, resourceType };
}
