// Accounts for triggers: each account's buses, rules, schedules, pipes and delivery log kept apart in the one
// TriggerStore. The server's own account keeps its names as they are; another account's are stored behind
// `ACCOUNT#` (a character no AWS name of these may hold), so a service given an account's view reads and
// writes only that account's. The background workers read every account's and act in the owner's account.

import type { Page } from '../store/records.ts';
import { ApiError } from './errors.ts';
import type { DeliveryLogEntry, DeliveryRecord, TriggerStore } from '../store/trigger-store.ts';

const mark = '#';

/**
 * The account owning a stored bus, schedule group or pipe name, or a delivery source (`rule/BUS/…`,
 * `schedule/GROUP/…`, `pipe/NAME`); undefined for the server's own account.
 */
export function ownerOf(nameOrSource: string): string | undefined {
  const name = /^(rule|schedule|pipe)\//.test(nameOrSource) ? (nameOrSource.split('/')[1] ?? '') : nameOrSource;
  const at = name.indexOf(mark);
  return at < 0 ? undefined : name.slice(0, at);
}

interface Names {
  in(name: string): string;
  out(name: string): string;
  mine(name: string): boolean;
}

/** No AWS name of a bus, schedule group or pipe holds the mark; one that does would reach another account's. */
function checked(name: string): string {
  if (name.includes(mark)) {
    throw new ApiError('ValidationException', `${name} is not a valid name: it must not contain '${mark}'.`);
  }
  return name;
}

function namesOf(account: string | undefined): Names {
  if (account === undefined) {
    return { in: checked, out: (name) => name, mine: (name) => !name.includes(mark) };
  }
  const prefix = `${account}${mark}`;
  return {
    in: (name) => `${prefix}${checked(name)}`,
    out: (name) => (name.startsWith(prefix) ? name.slice(prefix.length) : name),
    mine: (name) => name.startsWith(prefix),
  };
}

function sourceIn(names: Names, source: string): string {
  return source.replace(
    /^(rule|schedule|pipe)\/([^/]*)/,
    (_, kind: string, name: string) => `${kind}/${names.in(name)}`,
  );
}

function sourceOut(names: Names, source: string): string {
  return source.replace(
    /^(rule|schedule|pipe)\/([^/]*)/,
    (_, kind: string, name: string) => `${kind}/${names.out(name)}`,
  );
}

function pageOf<T>(page: Page<T>, keep: (item: T) => boolean, map: (item: T) => T): Page<T> {
  return { ...page, items: page.items.filter(keep).map(map) };
}

/**
 * One account's view of `store` (`account` undefined: the server's own). What the background workers use
 * (claiming deliveries, due schedules, fires) passes through: they see every account.
 */
export function accountTriggerStore(store: TriggerStore, account: string | undefined): TriggerStore {
  const n = namesOf(account);
  const delivery = (d: DeliveryRecord): DeliveryRecord => ({ ...d, source: sourceIn(n, d.source) });
  const logEntry = (e: DeliveryLogEntry): DeliveryLogEntry => ({ ...e, source: sourceOut(n, e.source) });
  const rule = <R extends { eventBusName: string }>(r: R): R => ({ ...r, eventBusName: n.out(r.eventBusName) });
  const schedule = <S extends { GroupName: string }>(s: S): S => ({ ...s, GroupName: n.out(s.GroupName) });
  const pipe = <P extends { Name: string }>(p: P): P => ({ ...p, Name: n.out(p.Name) });
  return {
    ...store,
    createEventBus: (bus) => store.createEventBus({ ...bus, name: n.in(bus.name) }),
    getEventBus: async (name) => {
      const bus = await store.getEventBus(n.in(name));
      return bus === undefined ? undefined : { ...bus, name };
    },
    listEventBuses: async (prefix, page) =>
      pageOf(
        await store.listEventBuses(account === undefined ? prefix : n.in(prefix ?? ''), page),
        (bus) => n.mine(bus.name),
        (bus) => ({ ...bus, name: n.out(bus.name) }),
      ),
    deleteEventBus: (name) => store.deleteEventBus(n.in(name)),
    putRule: async (r) => rule(await store.putRule({ ...r, eventBusName: n.in(r.eventBusName) })),
    getRule: async (bus, name) => {
      const found = await store.getRule(n.in(bus), name);
      return found === undefined ? undefined : rule(found);
    },
    listRules: async (bus, prefix, page) => pageOf(await store.listRules(n.in(bus), prefix, page), () => true, rule),
    activeRules: async (bus) =>
      (await store.activeRules(n.in(bus))).map((active) => ({ ...active, rule: rule(active.rule) })),
    deleteRule: (bus, name, force) => store.deleteRule(n.in(bus), name, force),
    setRuleState: (bus, name, state) => store.setRuleState(n.in(bus), name, state),
    putTargets: (bus, r, targets) => store.putTargets(n.in(bus), r, targets),
    removeTargets: (bus, r, ids) => store.removeTargets(n.in(bus), r, ids),
    listTargets: (bus, r) => store.listTargets(n.in(bus), r),
    addDeliveries: (records, fireKey) =>
      store.addDeliveries(records.map(delivery), fireKey === undefined ? undefined : sourceIn(n, fireKey)),
    putSchedule: (s, replace) => store.putSchedule({ ...s, GroupName: n.in(s.GroupName) }, replace),
    getSchedule: async (group, name) => {
      const found = await store.getSchedule(n.in(group), name);
      return found === undefined ? undefined : schedule(found);
    },
    listSchedules: async (filter, page) => {
      const group = filter.group === undefined ? {} : { group: n.in(filter.group) };
      const listed = await store.listSchedules({ ...filter, ...group }, page);
      return pageOf(listed, (s) => n.mine(s.GroupName), schedule);
    },
    deleteSchedule: (group, name) => store.deleteSchedule(n.in(group), name),
    putPipe: (p, replace) => store.putPipe({ ...p, Name: n.in(p.Name) }, replace),
    getPipe: async (name) => {
      const found = await store.getPipe(n.in(name));
      return found === undefined ? undefined : pipe(found);
    },
    listPipes: async (prefix, page) =>
      pageOf(
        await store.listPipes(account === undefined ? prefix : n.in(prefix ?? ''), page),
        (p) => n.mine(p.Name),
        pipe,
      ),
    deletePipe: (name) => store.deletePipe(n.in(name)),
    logDelivery: (entry) => store.logDelivery({ ...entry, source: sourceIn(n, entry.source) }),
    listDeliveryLog: async (source, page) =>
      pageOf(
        await store.listDeliveryLog(source === undefined ? undefined : sourceIn(n, source), page),
        (entry) => ownerOf(entry.source) === account,
        logEntry,
      ),
  };
}
