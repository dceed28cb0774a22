// An Express machine's metrics page, computed from its per-minute counts (express-minutes.ts) into the same
// shape as a Standard machine's: starts and ends by status per bucket, duration quantiles (to within 19 %, from
// the counts' duration buckets) and failures by state and error.

import type { ExecutionStats, FailureCount, StatsBucket } from '@stepwise/core';
import type { ExecutionMinutesStore, MinuteCount } from '../../store/execution-minutes.ts';
import { bucketUpperBound } from './express-minutes.ts';

const statusKinds = new Set(['started', 'succeeded', 'failed', 'aborted', 'timedOut']);

export async function expressStats(
  store: ExecutionMinutesStore,
  stateMachineArn: string,
  window: { now: number; hours: number; buckets: number },
): Promise<ExecutionStats> {
  const from = window.now - window.hours * 3_600_000;
  const bucketMillis = Math.ceil((window.now - from) / window.buckets);
  const rows = await store.minuteCounts(
    stateMachineArn,
    Math.floor(from / 60_000),
    Math.floor(window.now / 60_000) + 1,
  );
  const buckets: StatsBucket[] = Array.from({ length: window.buckets }, (_, i) => ({
    start: from + i * bucketMillis,
    started: 0,
    succeeded: 0,
    failed: 0,
    aborted: 0,
    timedOut: 0,
  }));
  const durations = buckets.map(() => new Map<number, number>());
  const failures = new Map<string, FailureCount>();
  for (const row of rows) {
    // A minute that began before the window counts in its first bucket.
    const i = Math.max(0, Math.min(window.buckets - 1, Math.floor((row.minute * 60_000 - from) / bucketMillis)));
    addRow(row, buckets[i], durations[i], failures);
  }
  buckets.forEach((bucket, i) => Object.assign(bucket, histogramQuantiles(durations[i] ?? new Map<number, number>())));
  const started = buckets.reduce((n, b) => n + b.started, 0);
  const failureList = [...failures.values()].sort((a, b) => b.count - a.count || a.state.localeCompare(b.state));
  return {
    from,
    bucketMillis,
    buckets,
    failures: failureList,
    executionsRead: started,
    truncated: false,
    failuresRead: failureList.reduce((n, f) => n + f.count, 0),
    source: 'minute-counts',
  };
}

function addRow(
  row: MinuteCount,
  bucket: StatsBucket | undefined,
  durations: Map<number, number> | undefined,
  failures: Map<string, FailureCount>,
): void {
  if (bucket === undefined || durations === undefined) return;
  if (statusKinds.has(row.kind)) bucket[row.kind as 'started'] += row.count;
  else if (row.kind === 'duration') {
    const b = Number(row.key);
    durations.set(b, (durations.get(b) ?? 0) + row.count);
  } else if (row.kind === 'failure') {
    const [state = '(none)', error = '(none)'] = JSON.parse(row.key) as string[];
    const failure = failures.get(row.key) ?? { state, error, count: 0 };
    failure.count += row.count;
    failures.set(row.key, failure);
  }
}

/** Nearest-rank quantiles over a histogram of duration buckets: each is its bucket's upper bound. */
export function histogramQuantiles(histogram: Map<number, number>): { p50?: number; p90?: number; p99?: number } {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return {};
  const sorted = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const rank = (q: number): number => {
    const target = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (const [bucket, count] of sorted) {
      seen += count;
      if (seen >= target) return bucketUpperBound(bucket);
    }
    return bucketUpperBound(sorted[sorted.length - 1]?.[0] ?? 0);
  };
  return { p50: rank(0.5), p90: rank(0.9), p99: rank(0.99) };
}
