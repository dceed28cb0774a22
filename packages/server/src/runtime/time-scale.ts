// `serve --time-scale N` (Step Functions Local's WAIT_TIME_SCALE): the time a Wait state or a Retry back-off
// waits is multiplied by N (0: due at once). Task timeouts, heartbeats and execution timeouts keep their
// length: shrinking them would fail tasks that are working normally.

/** Timers the engine starts for Wait states and Retry back-offs (`<thread>:wait:<n>`, `<thread>:retry:<n>`). */
const scaledTimer = /:(wait|retry):\d+$/;

/** When a timer started at `now` falls due under the scale; other timers are left as they are. */
export function scaledDueTime(timerId: string, dueTime: number, now: number, scale: number): number {
  if (scale === 1 || !scaledTimer.test(timerId)) return dueTime;
  return now + Math.max(0, dueTime - now) * scale;
}
