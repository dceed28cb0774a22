// Fires what is due: each schedule whose next due time has come commits one delivery (its target's execution,
// started by the delivery worker) with its next due time, or its deletion after the last one
// (ActionAfterCompletion DELETE). A due time fires once: the commit checks it is still the schedule's next.
// Fires missed while no server ran collapse into one, at start, and the schedule goes on from the present.

import type { Logger } from 'pino';
import type { ScheduleRecord } from '../../store/trigger-store.ts';
import type { EventsDeps } from '../events/events-context.ts';
import { newDelivery } from '../events/put-events.ts';
import { ScheduledRules } from './scheduled-rules.ts';
import { nextDue } from './schedules-service.ts';

export interface SchedulerOptions {
  deps: EventsDeps;
  log: Logger;
  /** In [0, 1): where in its flexible time window a fire is delivered. */
  random?: () => number;
}

/** Fires every schedule due at the deps' present; how many fired. */
export async function fireDueSchedules(options: SchedulerOptions): Promise<number> {
  const { deps } = options;
  let fired = 0;
  for (;;) {
    const now = deps.now();
    const due = await deps.triggers.dueSchedules(now, 50);
    if (due.length === 0) break;
    for (const schedule of due) {
      if (await fireOne(options, schedule, now)) fired++;
    }
    if (due.length < 50) break;
  }
  if (fired > 0) deps.deliveriesAdded();
  return fired;
}

async function fireOne(options: SchedulerOptions, schedule: ScheduleRecord, now: number): Promise<boolean> {
  const { deps } = options;
  const due = schedule.nextFire ?? now;
  const event = { id: deps.uuid() };
  const source = `schedule/${schedule.GroupName}/${schedule.Name}`;
  const delivery = newDelivery(
    deps,
    source,
    schedule.Target,
    event,
    (schedule.Target.Input as string | undefined) ?? '{}',
  );
  const window = schedule.FlexibleTimeWindow;
  if (window.Mode === 'FLEXIBLE') {
    delivery.dueAt =
      due + Math.floor((options.random ?? Math.random)() * (window.MaximumWindowInMinutes ?? 0) * 60_000);
  }
  const next = nextDue(schedule, Math.max(due, now));
  const fired = await deps.triggers.fireSchedule({
    group: schedule.GroupName,
    name: schedule.Name,
    due,
    deliveries: [delivery],
    next,
    deleteSchedule: next === undefined && schedule.ActionAfterCompletion === 'DELETE',
  });
  if (fired) options.log.debug({ schedule: schedule.Arn, due, next }, 'schedule fired');
  return fired;
}

/** Runs the scheduler on the system clock until closed: at each due time, and at least every second. */
export class SchedulerLoop {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private running: Promise<void> | undefined;
  private readonly rules: ScheduledRules;

  constructor(private readonly options: SchedulerOptions) {
    this.rules = new ScheduledRules(options.deps);
  }

  start(): void {
    this.tick();
  }

  private tick(): void {
    if (this.closed) return;
    this.running = this.cycle();
  }

  private async cycle(): Promise<void> {
    let delay = 1000;
    try {
      await fireDueSchedules(this.options);
      await this.rules.fireDue();
      const next = await this.options.deps.triggers.nextScheduleTime();
      if (next !== undefined) delay = Math.max(0, Math.min(1000, next - this.options.deps.now()));
    } catch (error) {
      if (!this.closed) this.options.log.error({ err: error }, 'scheduler failed; trying again in a second');
    }
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.tick();
    }, delay);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
