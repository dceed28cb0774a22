// Retention of finished executions: AWS keeps a closed execution and its history for 90 days. A
// background sweep deletes those that closed longer ago than that, oldest first, in small batches
// with a turn of the event loop between them, so that a large backlog never stalls the API.

import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Store } from '../store/store.ts';

/** AWS's retention of closed executions. */
export const awsRetentionDays = 90;

const dayMillis = 86_400_000;

export interface ExecutionRetentionOptions {
  store: Pick<Store, 'expireExecutions'>;
  /** How long a closed execution is kept, in days (fractions allowed: tests keep them for seconds). */
  retentionDays: number;
  now: () => number;
  /** Executions deleted per transaction. */
  batchSize?: number;
  /** Between sweeps: a minute, or half the retention period when that is shorter (never under 100 ms). */
  everyMillis?: number;
  onExpired?: (count: number) => void;
  onError?: (error: unknown) => void;
}

export class ExecutionRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(private readonly options: ExecutionRetentionOptions) {}

  start(): void {
    const retentionMillis = this.options.retentionDays * dayMillis;
    const every = this.options.everyMillis ?? Math.max(100, Math.min(60_000, retentionMillis / 2));
    this.timer ??= setInterval(() => {
      void this.sweep();
    }, every);
    this.timer.unref();
  }

  /** Deletes everything past retention now, batch by batch; the number deleted (0 after a reported error). */
  sweep(): Promise<number> {
    // One sweep at a time: a slow one is not overtaken by the next tick.
    this.running ??= this.sweepAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Ends the timer and waits for a sweep under way, so the store can be closed after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async sweepAll(): Promise<number> {
    const { store, now, retentionDays } = this.options;
    const batchSize = this.options.batchSize ?? 20;
    const closedBefore = now() - retentionDays * dayMillis;
    let deleted = 0;
    try {
      while (!this.stopped) {
        const batch = await store.expireExecutions(closedBefore, batchSize);
        deleted += batch.length;
        if (batch.length < batchSize) break;
        await nextTurn();
      }
    } catch (error) {
      this.options.onError?.(error);
    }
    if (deleted > 0) this.options.onExpired?.(deleted);
    return deleted;
  }
}
