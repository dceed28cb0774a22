// The TriggerStore on the SQLite store's connection and group commit: each method one operation of it.

import type { Db } from './db.ts';
import * as deliveries from './deliveries.ts';
import * as pipes from './pipes.ts';
import * as routes from './routes.ts';
import * as schedules from './schedules.ts';
import * as triggers from './triggers.ts';
import type { TriggerStore } from '../trigger-store.ts';

export type Transact = <T>(fn: (db: Db) => T) => Promise<T>;

export function createSqliteTriggerStore(tx: Transact, now: () => number = Date.now): TriggerStore {
  return {
    createEventBus: (bus) => tx((db) => triggers.insertBus(db, bus)),
    getEventBus: (name) => tx((db) => triggers.selectBus(db, name)),
    listEventBuses: (prefix, page) => tx((db) => triggers.selectBuses(db, prefix, page)),
    deleteEventBus: (name) =>
      tx((db) => {
        triggers.removeBus(db, name);
      }),
    putRule: (rule) => tx((db) => triggers.upsertRule(db, rule)),
    getRule: (bus, name) => tx((db) => triggers.selectRule(db, bus, name)),
    listRules: (bus, prefix, page) => tx((db) => triggers.selectRules(db, bus, prefix, page)),
    activeRules: (bus) =>
      tx((db) => triggers.selectActiveRules(db, 'r.event_bus_name = ? AND r.event_pattern IS NOT NULL', bus)),
    scheduledRules: () => tx((db) => triggers.selectActiveRules(db, 'r.schedule_expression IS NOT NULL')),
    deleteRule: (bus, name, force) => tx((db) => triggers.removeRule(db, bus, name, force)),
    setRuleState: (bus, name, state) => tx((db) => triggers.updateRuleState(db, bus, name, state)),
    putTargets: (bus, rule, targets) =>
      tx((db) => {
        triggers.upsertTargets(db, bus, rule, targets);
      }),
    removeTargets: (bus, rule, ids) =>
      tx((db) => {
        triggers.deleteTargets(db, bus, rule, ids);
      }),
    listTargets: (bus, rule) => tx((db) => triggers.selectTargets(db, bus, rule)),
    addDeliveries: (records, fireKey) => tx((db) => deliveries.insertDeliveries(db, records, fireKey, now())),
    claimDeliveries: (claim) => tx((db) => deliveries.claim(db, claim)),
    finishDelivery: (owner, entry) => tx((db) => deliveries.finish(db, owner, entry)),
    retryDelivery: (owner, id, attempts, dueAt, error) =>
      tx((db) => {
        deliveries.retry(db, owner, id, attempts, dueAt, error);
      }),
    nextDeliveryTime: () => tx((db) => deliveries.nextDue(db)),
    putSchedule: (schedule, replace) => tx((db) => schedules.putSchedule(db, schedule, replace)),
    getSchedule: (group, name) => tx((db) => schedules.selectSchedule(db, group, name)),
    listSchedules: (filter, page) => tx((db) => schedules.selectSchedules(db, filter, page)),
    deleteSchedule: (group, name) => tx((db) => schedules.removeSchedule(db, group, name)),
    dueSchedules: (time, limit) => tx((db) => schedules.selectDue(db, time, limit)),
    fireSchedule: (fire) => tx((db) => schedules.fire(db, fire, now())),
    nextScheduleTime: () => tx((db) => schedules.nextDue(db)),
    putPipe: (pipe, replace) => tx((db) => pipes.putPipe(db, pipe, replace)),
    getPipe: (name) => tx((db) => pipes.selectPipe(db, name)),
    listPipes: (prefix, page) => tx((db) => pipes.selectPipes(db, prefix, page)),
    deletePipe: (name) => tx((db) => pipes.removePipe(db, name)),
    putRoute: (key, route) => tx((db) => routes.insertRoute(db, key, route)),
    listRoutes: () => tx((db) => routes.selectRoutes(db)),
    deleteRoute: (key) => tx((db) => routes.removeRoute(db, key)),
    logDelivery: (entry) =>
      tx((db) => {
        deliveries.appendLog(db, entry);
      }),
    listDeliveryLog: (source, page) => tx((db) => deliveries.selectLog(db, source, page)),
  };
}
