// An execution's history event as the log record Step Functions writes to CloudWatch Logs: snake_case
// envelope, every number as a string, the event's details under `details` (input and output only with
// includeExecutionData), and which events each log level writes.

import { detailsOf, type HistoryEvent } from '@stepwise/core';
import type { LogLevel } from './logging-configuration.ts';

/** The events level ERROR writes (failures, time-outs, aborts and Fail states); FATAL writes only the execution's end. */
const errorEvents = new Set([
  'ExecutionAborted',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'FailStateEntered',
  'LambdaFunctionFailed',
  'LambdaFunctionScheduleFailed',
  'LambdaFunctionStartFailed',
  'LambdaFunctionTimedOut',
  'MapStateAborted',
  'MapStateFailed',
  'MapIterationAborted',
  'MapIterationFailed',
  'MapRunAborted',
  'MapRunFailed',
  'ParallelStateAborted',
  'ParallelStateFailed',
  'TaskFailed',
  'TaskStartFailed',
  'TaskStateAborted',
  'TaskSubmitFailed',
  'TaskTimedOut',
  'WaitStateAborted',
]);
const fatalEvents = new Set(['ExecutionAborted', 'ExecutionFailed', 'ExecutionTimedOut']);

/** Whether a machine logging at `level` writes events of this type. */
export function isLogged(level: LogLevel, type: string): boolean {
  switch (level) {
    case 'ALL':
      return true;
    case 'ERROR':
      return errorEvents.has(type);
    case 'FATAL':
      return fatalEvents.has(type);
    case 'OFF':
      return false;
  }
}

const executionData = new Set(['input', 'inputDetails', 'output', 'outputDetails']);

/** The log record of one event, in AWS's member order. */
export interface ExecutionLogRecord {
  id: string;
  type: string;
  details: Record<string, unknown>;
  previous_event_id: string;
  event_timestamp: string;
  execution_arn: string;
  redrive_count: string;
}

export function executionLogRecord(
  event: HistoryEvent,
  execution: { arn: string; redriveCount: number },
  includeExecutionData: boolean,
): ExecutionLogRecord {
  return {
    id: String(event.id),
    type: event.type,
    details: logDetails(event, includeExecutionData),
    previous_event_id: String(event.previousEventId),
    event_timestamp: String(event.timestamp),
    execution_arn: execution.arn,
    redrive_count: String(execution.redriveCount),
  };
}

/** The event's one `…EventDetails` member; without execution data, its input and output left out. */
function logDetails(event: HistoryEvent, includeExecutionData: boolean): Record<string, unknown> {
  const details = detailsOf(event) as Record<string, unknown> | undefined;
  if (details === undefined) return {};
  if (includeExecutionData) return details;
  const kept: Record<string, unknown> = {};
  for (const member in details) if (!executionData.has(member)) kept[member] = details[member];
  return kept;
}
