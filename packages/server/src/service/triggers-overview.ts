// What the console's Triggers view shows, in one read: rules with their patterns, targets and recent matches;
// schedules with their next fire times; pipes; HTTP routes; and the newest entries of the delivery log. Each
// list is capped (`limit`) so that one page stays small.

import type { Page, PageRequest } from '../store/records.ts';
import type {
  DeliveryLogEntry,
  PipeRecord,
  RuleRecord,
  ScheduleRecord,
  TargetRecord,
  TriggerStore,
} from '../store/trigger-store.ts';
import type { HttpRoute } from './routes/route-definition.ts';
import { nextDue } from './schedules/schedules-service.ts';

export interface TriggersOverview {
  rules: (RuleRecord & { targets: TargetRecord[]; recent: DeliveryLogEntry[] })[];
  schedules: (ScheduleRecord & { nextFires: number[] })[];
  pipes: PipeRecord[];
  routes: HttpRoute[];
  deliveries: DeliveryLogEntry[];
  /** The server's clock when this was read (epoch ms). */
  now: number;
}

const limit = 200;

async function all<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const page = await read({ limit: 100, ...(after === undefined ? {} : { after }) });
    items.push(...page.items);
    after = page.nextToken;
  } while (after !== undefined && items.length < limit);
  return items.slice(0, limit);
}

/** The next `count` due times of a schedule from `now`. */
export function nextFires(schedule: ScheduleRecord, now: number, count = 3): number[] {
  const fires: number[] = [];
  let after = now;
  while (fires.length < count) {
    const next = nextDue(schedule, after);
    if (next === undefined || next <= after) break;
    fires.push(next);
    after = next;
  }
  return fires;
}

async function rulesOf(triggers: TriggerStore): Promise<TriggersOverview['rules']> {
  // The default bus is always there without a row of its own.
  const buses = [{ name: 'default' }, ...(await all((page) => triggers.listEventBuses(undefined, page)))];
  const rules: TriggersOverview['rules'] = [];
  for (const bus of buses) {
    for (const rule of await all((page) => triggers.listRules(bus.name, undefined, page))) {
      const targets = await triggers.listTargets(bus.name, rule.name);
      const recent = await triggers.listDeliveryLog(`rule/${bus.name}/${rule.name}`, { limit: 5 });
      rules.push({ ...rule, targets, recent: recent.items });
    }
  }
  return rules;
}

export async function triggersOverview(
  triggers: TriggerStore,
  routes: readonly HttpRoute[],
  now: number,
): Promise<TriggersOverview> {
  const schedules = await all((page) => triggers.listSchedules({}, page));
  return {
    rules: await rulesOf(triggers),
    schedules: schedules.map((schedule) => ({ ...schedule, nextFires: nextFires(schedule, now) })),
    pipes: await all((page) => triggers.listPipes(undefined, page)),
    routes: [...routes],
    deliveries: (await triggers.listDeliveryLog(undefined, { limit: 50 })).items,
    now,
  };
}
