// The PostgreSQL store's gauges for /metrics (see store-gauges.ts): one statement.

import { gaugesSql, type StoreGaugeValues } from '../store-gauges.ts';
import { int } from '../sqlite/db.ts';
import type { Tx } from './pg-db.ts';

export async function selectGauges(tx: Tx, now: number): Promise<StoreGaugeValues> {
  const row = (await tx.row(gaugesSql('$1'), [now])) ?? {};
  return {
    openExecutions: int(row, 'open_executions'),
    dueWork: int(row, 'due_work'),
    scheduledWork: int(row, 'scheduled_work'),
  };
}
