// The shapes of the console's metrics data (`GET /console/api/metrics`), declared once: the server builds them
// and the console reads them, as both use core's HistoryEvent.

/** One time bucket of the window. */
export interface StatsBucket {
  start: number;
  started: number;
  succeeded: number;
  failed: number;
  aborted: number;
  timedOut: number;
  /** Milliseconds from start to stop of the executions that ended in this bucket. */
  p50?: number;
  p90?: number;
  p99?: number;
}

export interface FailureCount {
  state: string;
  error: string;
  count: number;
}

export interface ExecutionStats {
  from: number;
  bucketMillis: number;
  buckets: StatsBucket[];
  failures: FailureCount[];
  /** Executions read; `truncated` when the window held more than the page reads. */
  executionsRead: number;
  truncated: boolean;
  /** Failed executions whose history was read for the failing state (the most recent ones). */
  failuresRead: number;
  /**
   * Where the figures come from: the stored executions (Standard machines; the default), or an Express
   * machine's per-minute counts (its executions are not stored; durations to within 19 %).
   */
  source?: 'executions' | 'minute-counts';
}
