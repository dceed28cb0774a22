// Enforces log groups' retention (PutRetentionPolicy): every sweep deletes the events each group's
// retention no longer keeps. A timer that never holds the process open; stop() ends it.

import type { LogStore } from '../../store/log-store.ts';

export interface RetentionOptions {
  logs: LogStore;
  now: () => number;
  /** Between sweeps; a minute by default (CloudWatch itself deletes expired events within days). */
  everyMillis?: number;
  onError?: (error: unknown) => void;
}

export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RetentionOptions) {}

  start(): void {
    this.timer ??= setInterval(() => {
      void this.sweep();
    }, this.options.everyMillis ?? 60_000);
    this.timer.unref();
  }

  /** One sweep now; resolves with the number of events deleted (0 when it failed and was reported). */
  async sweep(): Promise<number> {
    try {
      return await this.options.logs.enforceRetention(this.options.now());
    } catch (error) {
      this.options.onError?.(error);
      return 0;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
