// What `/metrics` reads from the store at each scrape, so the figures are the same on every node of one
// database and right after a restart: executions still open and the work queue (due and not yet claimed).

export interface StoreGaugeValues {
  /** Standard executions whose status is RUNNING (every node's). */
  openExecutions: number;
  /** Work items due at `now` that no node holds under a live lease: the backlog of the work queue. */
  dueWork: number;
  /** Every work item: due, claimed, or waiting for its time (timers, retries). */
  scheduledWork: number;
}

export interface StoreGauges {
  gauges(now: number): Promise<StoreGaugeValues>;
}

/** Whether a store answers the gauges (a store made for a test may not). */
export function hasGauges(store: object): store is StoreGauges {
  return typeof (store as Partial<StoreGauges>).gauges === 'function';
}

/** The one query both dialects run (counts read through indexes: the running partial index, work by due time). */
export const gaugesSql = (placeholder: string): string => `SELECT
  (SELECT count(*) FROM executions WHERE status = 'RUNNING') AS open_executions,
  (SELECT count(*) FROM work WHERE due_time <= ${placeholder} AND (lease_until IS NULL OR lease_until < ${placeholder})) AS due_work,
  (SELECT count(*) FROM work) AS scheduled_work`;
