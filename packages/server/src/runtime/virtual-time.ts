// Drives a runtime on a manual clock: performs what is due, then jumps the clock to the next due work,
// until a condition holds or nothing is left before the horizon. Waits of a year take no time.

import type { ManualClock } from './clock.ts';
import type { Runtime } from './runtime.ts';

export interface VirtualRunOptions {
  /** Stop as soon as this holds (checked after each round of due work). */
  until?: () => boolean | Promise<boolean>;
  /** Do not move the clock past this time. */
  horizon?: number;
}

export async function runInVirtualTime(
  runtime: Runtime,
  clock: ManualClock,
  options: VirtualRunOptions = {},
): Promise<void> {
  for (;;) {
    await runtime.runDue();
    if (options.until !== undefined && (await options.until())) return;
    const next = await runtime.store.nextWakeTime();
    if (next === undefined || (options.horizon !== undefined && next > options.horizon)) return;
    clock.set(next);
  }
}
