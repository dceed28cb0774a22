// The TriggerStore on PostgreSQL, on the store's pool: every node on the database shares the buses, rules,
// outbox, schedules, pipes, routes and delivery log. Each method is one transaction (or one statement).

import type { TriggerStore } from '../trigger-store.ts';
import type { Tx } from './pg-db.ts';
import * as outbox from './trigger-outbox.ts';
import * as rules from './trigger-rules.ts';
import * as schedules from './trigger-schedules.ts';

export type Run = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/** `tx` runs a transaction; `one` an operation of one statement, its own transaction. */
export function createPostgresTriggerStore(tx: Run, one: Run, now: () => number = Date.now): TriggerStore {
  return {
    createEventBus: (bus) => one((t) => rules.insertBus(t, bus)),
    getEventBus: (name) => one((t) => rules.selectBus(t, name)),
    listEventBuses: (prefix, page) => one((t) => rules.selectBuses(t, prefix, page)),
    deleteEventBus: (name) => tx((t) => rules.removeBus(t, name)),
    putRule: (rule) => one((t) => rules.upsertRule(t, rule)),
    getRule: (bus, name) => one((t) => rules.selectRule(t, bus, name)),
    listRules: (bus, prefix, page) => one((t) => rules.selectRules(t, bus, prefix, page)),
    activeRules: (bus) => one((t) => rules.selectActiveRules(t, bus)),
    scheduledRules: () => one((t) => rules.selectActiveRules(t, undefined)),
    deleteRule: (bus, name, force) => tx((t) => rules.removeRule(t, bus, name, force)),
    setRuleState: (bus, name, state) => one((t) => rules.updateRuleState(t, bus, name, state)),
    putTargets: (bus, rule, targets) => tx((t) => rules.upsertTargets(t, bus, rule, targets)),
    removeTargets: (bus, rule, ids) => one((t) => rules.deleteTargets(t, bus, rule, ids)),
    listTargets: (bus, rule) => one((t) => rules.selectTargets(t, bus, rule)),
    addDeliveries: (records, fireKey) => tx((t) => outbox.insertDeliveries(t, records, fireKey, now())),
    claimDeliveries: (claim) => one((t) => outbox.claim(t, claim)),
    finishDelivery: (owner, entry) => tx((t) => outbox.finish(t, owner, entry)),
    retryDelivery: (owner, id, attempts, dueAt, error) =>
      tx((t) => outbox.retry(t, owner, { id, attempts, dueAt, error })),
    nextDeliveryTime: () => one((t) => outbox.nextDue(t)),
    putSchedule: (schedule, replace) => one((t) => schedules.putSchedule(t, schedule, replace)),
    getSchedule: (group, name) => one((t) => schedules.selectSchedule(t, group, name)),
    listSchedules: (filter, page) => one((t) => schedules.selectSchedules(t, filter, page)),
    deleteSchedule: (group, name) => one((t) => schedules.removeSchedule(t, group, name)),
    dueSchedules: (time, limit) => one((t) => schedules.selectDue(t, time, limit)),
    fireSchedule: (fire) => tx((t) => schedules.fire(t, fire, now())),
    nextScheduleTime: () => one((t) => schedules.nextDue(t)),
    putPipe: (pipe, replace) => one((t) => schedules.putPipe(t, pipe, replace)),
    getPipe: (name) => one((t) => schedules.selectPipe(t, name)),
    listPipes: (prefix, page) => one((t) => schedules.selectPipes(t, prefix, page)),
    deletePipe: (name) => one((t) => schedules.removePipe(t, name)),
    putRoute: (key, route) => one((t) => schedules.insertRoute(t, key, route)),
    listRoutes: () => one((t) => schedules.selectRoutes(t)),
    deleteRoute: (key) => one((t) => schedules.removeRoute(t, key)),
    logDelivery: (entry) => one((t) => outbox.appendLog(t, entry)),
    listDeliveryLog: (source, page) => one((t) => outbox.selectLog(t, source, page)),
  };
}
