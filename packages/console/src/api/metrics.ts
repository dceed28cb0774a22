// The metrics page's data (GET /console/api/metrics): counts and durations per time bucket and failures by
// state and error, computed by the server from the stored executions of the session's account.

import type { ExecutionStats } from '@stepwise/core';
import { ApiError } from './client.ts';

export type { ExecutionStats };

/** The windows the page offers: hours, with a bucket count that gives round bucket sizes. */
export const windows = [
  { id: '1h', label: 'Last hour', hours: 1, buckets: 60 },
  { id: '24h', label: 'Last 24 hours', hours: 24, buckets: 96 },
  { id: '7d', label: 'Last 7 days', hours: 168, buckets: 168 },
] as const;

export async function loadStats(window: (typeof windows)[number], stateMachineArn?: string): Promise<ExecutionStats> {
  const query = new URLSearchParams({ hours: String(window.hours), buckets: String(window.buckets) });
  if (stateMachineArn !== undefined) query.set('stateMachineArn', stateMachineArn);
  const response = await fetch(`/console/api/metrics?${query.toString()}`);
  const body = (await response.json().catch(() => ({}))) as ExecutionStats & { __type?: string; message?: string };
  if (!response.ok) throw new ApiError(body.__type ?? 'InternalFailure', body.message ?? response.statusText);
  return body;
}

/** Executions ended per minute in each bucket. */
export function throughput(stats: ExecutionStats): number[] {
  const minutes = stats.bucketMillis / 60_000;
  return stats.buckets.map((b) => (b.succeeded + b.failed + b.aborted + b.timedOut) / minutes);
}
