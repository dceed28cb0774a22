// Time for the runtime, injected: the system clock in the server, a manual clock in tests and in the
// conformance target, where time moves only when told to (so a one-year Wait takes no time and no test sleeps).

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves at `time`, or as soon as `signal` aborts, whichever comes first. */
  sleepUntil(time: number, signal: AbortSignal): Promise<void>;
}

/** setTimeout cannot wait longer than 2^31-1 ms; the scheduler looks again before that anyway. */
const longestSleepMillis = 60_000;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleepUntil: (time, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(longestSleepMillis, Math.max(0, time - Date.now())));
      signal.addEventListener('abort', done, { once: true });
    }),
};

/** A clock that moves only through `set`/`advance`; sleepers wake when it passes their time. */
export class ManualClock implements Clock {
  private sleepers: { time: number; wake: () => void }[] = [];

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  /** Moves the clock to `time` (never backwards) and wakes the sleepers now due. */
  set(time: number): void {
    this.time = Math.max(this.time, time);
    const due = this.sleepers.filter((sleeper) => sleeper.time <= this.time);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.time > this.time);
    for (const sleeper of due) sleeper.wake();
  }

  advance(millis: number): void {
    this.set(this.time + millis);
  }

  sleepUntil(time: number, signal: AbortSignal): Promise<void> {
    if (time <= this.time || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper = { time, wake: resolve };
      this.sleepers.push(sleeper);
      signal.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((other) => other !== sleeper);
          resolve();
        },
        { once: true },
      );
    });
  }
}
