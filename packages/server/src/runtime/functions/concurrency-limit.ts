// A counting semaphore with a FIFO queue: at most `limit` function invocations run at once; the rest
// wait their turn (Lambda would throttle; locally, waiting is what a developer wants).

export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: { start: () => void; signal?: AbortSignal; onAbort: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency must be a positive integer, not ${limit}`);
  }

  /** Waits for a slot; resolves with the function that gives it back. Rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        signal,
        start: () => {
          signal?.removeEventListener('abort', entry.onAbort);
          this.running++;
          resolve(this.releaser());
        },
        onAbort: () => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(abortReason(signal));
        },
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  get active(): number {
    return this.running;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.waiting.shift()?.start();
    };
  }
}

function abortReason(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new Error('the invocation was aborted');
}
