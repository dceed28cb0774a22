// The SQLite store's gauges for /metrics (see store-gauges.ts), read in the caller's transaction.

import { gaugesSql, type StoreGaugeValues } from '../store-gauges.ts';
import { int, type Db } from './db.ts';

export function selectGauges(db: Db, now: number): StoreGaugeValues {
  const row = db.get(gaugesSql('@now'), { now }) ?? {};
  return {
    openExecutions: int(row, 'open_executions'),
    dueWork: int(row, 'due_work'),
    scheduledWork: int(row, 'scheduled_work'),
  };
}
