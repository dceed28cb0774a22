// Execution logs as the console reads them: the CloudWatch Logs API the server speaks on the same door
// (AWS JSON 1.1, `Logs_20140328.*`), a machine's log group from its LoggingConfiguration, and AWS's log
// records turned back into history events, which is all there is of an Express execution.

import { historyEventDetailsKeys } from '@stepwise/core';
import { ApiError } from './client.ts';
import type { ExecutionDescription, ExecutionStatus, HistoryEvent, LoggingConfiguration } from './types.ts';

/** One of AWS's execution log records (every number a string, the event's details under `details`). */
export interface LogRecord {
  id: string;
  type: string;
  details?: Record<string, unknown>;
  previous_event_id: string;
  event_timestamp: string;
  execution_arn: string;
  redrive_count?: string;
}

async function callLogs<T>(operation: string, request: object): Promise<T> {
  const response = await fetch('/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Logs_20140328.${operation}` },
    body: JSON.stringify(request),
  });
  const body = (await response.json().catch(() => ({}))) as T & { __type?: string; message?: string };
  if (!response.ok) throw new ApiError((body.__type ?? 'InternalFailure').replace(/^.*#/, ''), body.message ?? '');
  return body;
}

/** The log group a LoggingConfiguration writes to, or undefined when it writes nowhere. */
export function logGroupOf(config: LoggingConfiguration | undefined): string | undefined {
  if (config === undefined || config.level === undefined || config.level === 'OFF') return undefined;
  const arn = config.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn;
  // arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]
  const name = arn?.split(':')[6];
  return name === undefined || name === '' ? undefined : name;
}

/** The records of a group matching a filter pattern, oldest first (at most `limit`). */
export async function filterRecords(group: string, filterPattern: string, limit = 5000): Promise<LogRecord[]> {
  const records: LogRecord[] = [];
  let nextToken: string | undefined;
  do {
    const page = await callLogs<{ events?: { message: string }[]; nextToken?: string }>('FilterLogEvents', {
      logGroupName: group,
      filterPattern,
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    for (const event of page.events ?? []) records.push(JSON.parse(event.message) as LogRecord);
    nextToken = page.nextToken;
  } while (nextToken !== undefined && records.length < limit);
  return records;
}

/** The records of one execution. */
export function executionRecords(group: string, executionArn: string): Promise<LogRecord[]> {
  return filterRecords(group, `{ $.execution_arn = ${JSON.stringify(executionArn)} }`);
}

/** A record as the history event it was written from (its details under the member its type names). */
export function eventOfRecord(record: LogRecord): HistoryEvent {
  const type = record.type as HistoryEvent['type'];
  const event: Record<string, unknown> = {
    id: Number(record.id),
    previousEventId: Number(record.previous_event_id),
    timestamp: Number(record.event_timestamp) / 1000,
    type,
  };
  // A type this console does not know keeps its details nowhere: the event still shows, without them.
  const key = type in historyEventDetailsKeys ? historyEventDetailsKeys[type] : null;
  if (key !== null && record.details !== undefined && Object.keys(record.details).length > 0) {
    event[key] = record.details;
  }
  // The record is AWS's own rendering of the event: its details have the catalogue's shape.
  return event as unknown as HistoryEvent;
}

const endings: Record<string, ExecutionStatus> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionAborted: 'ABORTED',
  ExecutionTimedOut: 'TIMED_OUT',
};

/** What DescribeExecution would say of an execution, read from its records (input and output if logged). */
export function describeFromRecords(executionArn: string, machineArn: string, records: readonly LogRecord[]) {
  const started = records.find((record) => record.type === 'ExecutionStarted');
  const ended = records.find((record) => endings[record.type] !== undefined);
  const details = (record: LogRecord | undefined, key: string): string | undefined => {
    const value = record?.details?.[key];
    return typeof value === 'string' ? value : undefined;
  };
  const first = started ?? records[0];
  const description: ExecutionDescription = {
    executionArn,
    stateMachineArn: machineArn,
    name: executionArn.split(':')[7] ?? executionArn,
    status: ended === undefined ? 'RUNNING' : (endings[ended.type] ?? 'RUNNING'),
    startDate: Number(first?.event_timestamp ?? 0) / 1000,
  };
  if (ended !== undefined) description.stopDate = Number(ended.event_timestamp) / 1000;
  const input = details(started, 'input');
  const output = details(ended, 'output');
  if (input !== undefined) description.input = input;
  if (output !== undefined) description.output = output;
  return description;
}

/** An Express machine's executions as its records show them, newest first. */
export function executionsFromRecords(machineArn: string, records: readonly LogRecord[]): ExecutionDescription[] {
  const byExecution = new Map<string, LogRecord[]>();
  for (const record of records) {
    const list = byExecution.get(record.execution_arn) ?? [];
    list.push(record);
    byExecution.set(record.execution_arn, list);
  }
  const executions = [...byExecution].map(([arn, list]) => describeFromRecords(arn, machineArn, list));
  return executions.sort((a, b) => b.startDate - a.startDate);
}
