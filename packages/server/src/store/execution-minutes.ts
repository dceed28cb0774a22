// Counts per state machine and minute, added to by every node and read by the console's metrics page: how
// Express executions, of which nothing else is stored, are charted (SQLite 0019, PostgreSQL 0018).

/**
 * One counter of one machine in one minute. `kind` is a status (`started`, `succeeded`, `failed`,
 * `aborted`, `timedOut`), `duration` (`key`: a duration bucket) or `failure` (`key`: `[state, error]` as JSON).
 */
export interface MinuteCount {
  stateMachineArn: string;
  /** Epoch minutes (milliseconds / 60,000, rounded down). */
  minute: number;
  kind: string;
  key: string;
  count: number;
}

export interface ExecutionMinutesStore {
  /** Adds each count to its row (made at 0 when absent): nodes add their own counts, none overwrites. */
  addMinuteCounts(counts: readonly MinuteCount[]): Promise<void>;
  /** The counts of one machine from `fromMinute` (included) to `toMinute` (excluded). */
  minuteCounts(stateMachineArn: string, fromMinute: number, toMinute: number): Promise<MinuteCount[]>;
  /** Deletes the counts of minutes before `beforeMinute`. */
  pruneMinuteCounts(beforeMinute: number): Promise<void>;
}

export function keepsMinuteCounts(store: object): store is ExecutionMinutesStore {
  return typeof (store as Partial<ExecutionMinutesStore>).addMinuteCounts === 'function';
}
