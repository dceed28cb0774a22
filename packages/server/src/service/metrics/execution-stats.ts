// The console's metrics page, computed from the store's executions (read through the caller's account's API,
// so the charts survive restarts, cover every node sharing the database and show one account only):
// executions over time by status, duration quantiles, throughput and failures by state and error.

import type { ExecutionStats, FailureCount, StatsBucket } from '@stepwise/core';
import type { CallContext, StepFunctionsApi } from '../api.ts';
import { validationError } from '../errors.ts';
import type { ExecutionMinutesStore } from '../../store/execution-minutes.ts';
import { expressStats } from './express-stats.ts';

export interface StatsRequest {
  /** One Standard machine; absent: every Standard machine of the account (the server page). */
  stateMachineArn?: string;
  now: number;
  /** The window, ending now. */
  hours: number;
  buckets: number;
}

/** At most this many executions are read per request, newest first; at most this many failures are explained. */
export const statsLimits = { executions: 20_000, failures: 200 };

interface Listed {
  executionArn: string;
  status: string;
  startDate: Date;
  stopDate?: Date;
}

type Caller = (
  operation: 'ListStateMachines' | 'ListExecutions' | 'GetExecutionHistory' | 'DescribeStateMachine',
  body: object,
) => Promise<object>;

/** `minutes`: the per-minute counts an Express machine's page is computed from (express-stats.ts). */
export async function executionStats(
  api: StepFunctionsApi,
  ctx: CallContext,
  request: StatsRequest,
  minutes?: ExecutionMinutesStore,
): Promise<ExecutionStats> {
  if (!(request.hours > 0) || !Number.isInteger(request.buckets) || request.buckets < 1 || request.buckets > 500) {
    throw validationError('hours must be positive and buckets an integer from 1 to 500');
  }
  const call: Caller = (operation, body) => api.call(operation, body, ctx);
  if (request.stateMachineArn !== undefined && minutes !== undefined) {
    // Read through the caller's account: another account's machine is AccessDeniedException here.
    const machine = (await call('DescribeStateMachine', { stateMachineArn: request.stateMachineArn })) as {
      type: string;
    };
    if (machine.type === 'EXPRESS') return expressStats(minutes, request.stateMachineArn, request);
  }
  const from = request.now - request.hours * 3_600_000;
  const machines = request.stateMachineArn === undefined ? await standardMachines(call) : [request.stateMachineArn];
  const executions: Listed[] = [];
  let truncated = false;
  for (const machine of machines) {
    truncated = (await readWindow(call, machine, from, executions)) || truncated;
  }
  const bucketMillis = Math.ceil((request.now - from) / request.buckets);
  const buckets = bucketize(executions, from, bucketMillis, request.buckets);
  const failed = executions
    .filter((e) => e.status === 'FAILED' && e.stopDate !== undefined)
    .sort((a, b) => (b.stopDate?.getTime() ?? 0) - (a.stopDate?.getTime() ?? 0))
    .slice(0, statsLimits.failures);
  const failures = await failuresByState(call, failed);
  return {
    from,
    bucketMillis,
    buckets,
    failures,
    executionsRead: executions.length,
    truncated,
    failuresRead: failed.length,
  };
}

async function standardMachines(call: Caller): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = (await call('ListStateMachines', { maxResults: 1000, ...(nextToken ? { nextToken } : {}) })) as {
      stateMachines: { stateMachineArn: string; type: string }[];
      nextToken?: string;
    };
    for (const machine of page.stateMachines) if (machine.type === 'STANDARD') arns.push(machine.stateMachineArn);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return arns;
}

/** Appends the machine's executions started in the window (newest first); true when the read limit cut it. */
async function readWindow(call: Caller, stateMachineArn: string, from: number, into: Listed[]): Promise<boolean> {
  let nextToken: string | undefined;
  do {
    const page = (await call('ListExecutions', {
      stateMachineArn,
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    })) as { executions: Listed[]; nextToken?: string };
    for (const execution of page.executions) {
      if (execution.startDate.getTime() < from) return false;
      if (into.length >= statsLimits.executions) return true;
      into.push(execution);
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return false;
}

const endCounts: Record<string, 'succeeded' | 'failed' | 'aborted' | 'timedOut'> = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  ABORTED: 'aborted',
  TIMED_OUT: 'timedOut',
};

/** Starts counted where they started, ends (and their durations) where they ended. */
export function bucketize(
  executions: readonly Listed[],
  from: number,
  bucketMillis: number,
  count: number,
): StatsBucket[] {
  const buckets: StatsBucket[] = Array.from({ length: count }, (_, i) => ({
    start: from + i * bucketMillis,
    started: 0,
    succeeded: 0,
    failed: 0,
    aborted: 0,
    timedOut: 0,
  }));
  const durations: number[][] = buckets.map(() => []);
  const indexOf = (time: number): number => Math.min(count - 1, Math.floor((time - from) / bucketMillis));
  for (const execution of executions) {
    const started = execution.startDate.getTime();
    const startBucket = buckets[indexOf(started)];
    if (startBucket !== undefined) startBucket.started++;
    const end = endCounts[execution.status];
    if (end === undefined || execution.stopDate === undefined) continue;
    const stopped = execution.stopDate.getTime();
    const i = indexOf(stopped);
    const bucket = buckets[i];
    if (bucket === undefined || stopped < from) continue;
    bucket[end]++;
    durations[i]?.push(stopped - started);
  }
  buckets.forEach((bucket, i) => Object.assign(bucket, quantiles(durations[i] ?? [])));
  return buckets;
}

/** Nearest-rank quantiles: each is a duration some execution really took. */
export function quantiles(values: number[]): { p50?: number; p90?: number; p99?: number } {
  if (values.length === 0) return {};
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { p50: rank(0.5), p90: rank(0.9), p99: rank(0.99) };
}

interface WireEvent {
  type: string;
  stateEnteredEventDetails?: { name?: string };
  executionFailedEventDetails?: { error?: string };
}

/** The state an execution failed in (the last one entered) and its error, read from the end of its history. */
async function failuresByState(call: Caller, failed: readonly Listed[]): Promise<FailureCount[]> {
  const counts = new Map<string, FailureCount>();
  for (const execution of failed) {
    const page = (await call('GetExecutionHistory', {
      executionArn: execution.executionArn,
      reverseOrder: true,
      maxResults: 50,
      includeExecutionData: false,
    })) as { events: WireEvent[] };
    const end = page.events.find((e) => e.type === 'ExecutionFailed');
    const entered = page.events.find((e) => e.stateEnteredEventDetails?.name !== undefined);
    const state = entered?.stateEnteredEventDetails?.name ?? '(none)';
    const error = end?.executionFailedEventDetails?.error ?? '(none)';
    const key = JSON.stringify([state, error]);
    const count = counts.get(key) ?? { state, error, count: 0 };
    count.count++;
    counts.set(key, count);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.state.localeCompare(b.state));
}
