// Counts Express executions per state machine and minute as they start and end (fed by the runtime's
// onCommitted), and adds the counts to the store every few seconds: AWS charts Express workflows from their
// CloudWatch metrics, and the store keeps nothing else of them. A crash loses the counts not yet added.

import { detailsOf, type HistoryEvent } from '@stepwise/core';
import type { ExecutionMinutesStore, MinuteCount } from '../../store/execution-minutes.ts';
import type { ExecutionRecord } from '../../store/records.ts';

const minuteMillis = 60_000;
const ends: Record<string, string> = {
  ExecutionSucceeded: 'succeeded',
  ExecutionFailed: 'failed',
  ExecutionAborted: 'aborted',
  ExecutionTimedOut: 'timedOut',
};

/** Durations are counted in buckets a quarter of a power of two wide: a quantile read back is within 19 %. */
export function durationBucket(millis: number): number {
  return millis <= 1 ? 0 : Math.floor(4 * Math.log2(millis));
}

/** The largest duration a bucket holds (what a quantile in it reports). */
export function bucketUpperBound(bucket: number): number {
  return Math.round(2 ** ((bucket + 1) / 4));
}

export interface ExpressMinutesOptions {
  store: ExecutionMinutesStore;
  now: () => number;
  onError: (error: unknown) => void;
  flushMillis?: number;
  /** Counts older than this are deleted (the metrics page's longest window is 7 days). */
  keepDays?: number;
}

export class ExpressMinutes {
  private pending = new Map<string, MinuteCount>();
  /** The state each running Express execution last entered: where a failure happened. */
  private readonly lastState = new Map<string, string>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private prunedAt = 0;

  constructor(private readonly options: ExpressMinutesOptions) {}

  /** The runtime's onCommitted: counts only Express executions, never throws, does no I/O. */
  readonly observe = (record: ExecutionRecord, events: readonly HistoryEvent[]): void => {
    if (record.arn.split(':')[5] !== 'express') return;
    for (const event of events) this.count(record, event);
  };

  start(): void {
    this.timer = setInterval(() => {
      void this.flush();
    }, this.options.flushMillis ?? 5000);
    this.timer.unref();
  }

  /** Adds what was counted since the last flush to the store; a failed write is reported, its counts dropped. */
  async flush(): Promise<void> {
    const counts = [...this.pending.values()];
    this.pending = new Map();
    try {
      if (counts.length > 0) await this.options.store.addMinuteCounts(counts);
      await this.prune();
    } catch (error) {
      this.options.onError(error);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private count(record: ExecutionRecord, event: HistoryEvent): void {
    const details = (detailsOf(event) ?? {}) as { name?: string; error?: string };
    if (event.type === 'ExecutionStarted') this.add(record, event.timestamp, 'started', '');
    else if (event.type.endsWith('StateEntered') && details.name !== undefined) {
      this.lastState.set(record.arn, details.name);
    }
    const end = ends[event.type];
    if (end === undefined) return;
    this.add(record, event.timestamp, end, '');
    this.add(record, event.timestamp, 'duration', String(durationBucket(event.timestamp - record.startDate)));
    if (end === 'failed') {
      const failure = [this.lastState.get(record.arn) ?? '(none)', details.error ?? '(none)'];
      this.add(record, event.timestamp, 'failure', JSON.stringify(failure));
    }
    this.lastState.delete(record.arn);
  }

  private add(record: ExecutionRecord, time: number, kind: string, key: string): void {
    const minute = Math.floor(time / minuteMillis);
    const id = `${record.stateMachineArn}\n${String(minute)}\n${kind}\n${key}`;
    const row = this.pending.get(id);
    if (row === undefined)
      this.pending.set(id, { stateMachineArn: record.stateMachineArn, minute, kind, key, count: 1 });
    else row.count++;
  }

  /** At most once an hour: the counts past the kept days go. */
  private async prune(): Promise<void> {
    const now = this.options.now();
    if (now - this.prunedAt < 3_600_000) return;
    this.prunedAt = now;
    const keep = (this.options.keepDays ?? 8) * 86_400_000;
    await this.options.store.pruneMinuteCounts(Math.floor((now - keep) / minuteMillis));
  }
}
