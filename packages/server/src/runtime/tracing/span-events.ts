// Which history events open and close which spans: an execution, a state (Entered to Exited) and a task
// (Scheduled to its end), read from the event types and details AWS records.

import type { HistoryEvent } from '@stepwise/core';

export type SpanKindName = 'execution' | 'state' | 'task';

/** What an event does to the spans: opens one, closes the one it belongs to, or neither. */
export type SpanEffect =
  | { kind: 'open'; span: SpanKindName; name: string; attributes: Record<string, string> }
  | { kind: 'close'; span: SpanKindName; error?: string }
  | { kind: 'end-execution'; error?: string }
  | { kind: 'none' };

const executionEnds = new Map([
  ['ExecutionSucceeded', undefined],
  ['ExecutionFailed', 'failed'],
  ['ExecutionAborted', 'aborted'],
  ['ExecutionTimedOut', 'timed out'],
]);

const taskStarts = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);
const taskEndPrefixes = ['Task', 'LambdaFunction', 'Activity'];
const taskEndSuffixes = ['Succeeded', 'Failed', 'TimedOut', 'StartFailed', 'SubmitFailed', 'ScheduleFailed'];

export function spanEffect(event: HistoryEvent): SpanEffect {
  const { type } = event;
  if (type === 'ExecutionStarted' || type === 'ExecutionRedriven') {
    return { kind: 'open', span: 'execution', name: 'execution', attributes: {} };
  }
  if (executionEnds.has(type)) return withError({ kind: 'end-execution' }, executionEnds.get(type), event);
  if (type.endsWith('StateEntered')) return stateEntered(event);
  if (type.endsWith('StateExited')) return { kind: 'close', span: 'state' };
  if (taskStarts.has(type)) return taskScheduled(event);
  const prefix = taskEndPrefixes.find((candidate) => type.startsWith(candidate));
  const suffix = taskEndSuffixes.find((candidate) => type.endsWith(candidate));
  if (prefix !== undefined && suffix !== undefined && type === prefix + suffix) {
    return withError({ kind: 'close', span: 'task' }, suffix === 'Succeeded' ? undefined : type, event);
  }
  return { kind: 'none' };
}

function stateEntered(event: HistoryEvent): SpanEffect {
  const name = detailString(event, 'stateEnteredEventDetails', 'name') ?? '';
  const stateType = event.type.slice(0, -'StateEntered'.length);
  return {
    kind: 'open',
    span: 'state',
    name,
    attributes: { 'aws.stepfunctions.state.name': name, 'aws.stepfunctions.state.type': stateType },
  };
}

function taskScheduled(event: HistoryEvent): SpanEffect {
  const detailsKey = `${event.type[0]?.toLowerCase() ?? ''}${event.type.slice(1)}EventDetails`;
  const resource = detailString(event, detailsKey, 'resource') ?? '';
  const resourceType = detailString(event, detailsKey, 'resourceType');
  const name = resourceType === undefined ? resource : `${resourceType}:${resource}`;
  const attributes: Record<string, string> = { 'aws.stepfunctions.task.resource': resource };
  if (resourceType !== undefined) attributes['aws.stepfunctions.task.resource_type'] = resourceType;
  return { kind: 'open', span: 'task', name, attributes };
}

/** Adds the failure's error name (from the event's details when it has one) to a closing effect. */
function withError<T extends SpanEffect>(effect: T, failure: string | undefined, event: HistoryEvent): T {
  if (failure === undefined) return effect;
  const detailsKey = Object.keys(event).find((key) => key.endsWith('EventDetails'));
  const error = detailsKey === undefined ? undefined : detailString(event, detailsKey, 'error');
  return { ...effect, error: error ?? failure };
}

function detailString(event: HistoryEvent, detailsKey: string, field: string): string | undefined {
  // Any event's details member, whichever type it is: the catalogue types them per event type.
  const details = (event as unknown as Record<string, unknown>)[detailsKey];
  if (typeof details !== 'object' || details === null) return undefined;
  const value = (details as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}
