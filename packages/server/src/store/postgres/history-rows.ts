// How the PostgreSQL store keeps history (migration 0019): the events one commit adds go into one row of
// history_events, keyed by its first event's id, as a JSON array; rows written before hold one event each
// (a JSON object). One row per step instead of one per event: a step of eight events paid eight heap and
// index insertions and their WAL records, the largest share of the database's work per step.

import type { HistoryEvent } from '@stepwise/core';
import type { HistoryRequest, Page } from '../store.ts';
import { afterSeq, text, type Row } from '../sqlite/db.ts';
import type { Tx } from './pg-db.ts';

/**
 * A commit's events as history rows: the first id and the array's text, both empty when it adds none. The
 * ids must rise: the primary key sees only a row's first id, so an event repeated inside a commit is
 * refused here (one repeated from an earlier commit is kept out by the execution's version, which a
 * commit must match, and, when it starts a row, by the key).
 */
export function historyRows(events: readonly HistoryEvent[]): { ids: number[]; texts: string[] } {
  for (let i = 1; i < events.length; i++) {
    const [before, after] = [events[i - 1]?.id ?? 0, events[i]?.id ?? 0];
    if (after <= before) throw new Error(`history events out of order: event ${String(after)} after ${String(before)}`);
  }
  const first = events[0];
  return first === undefined ? { ids: [], texts: [] } : { ids: [first.id], texts: [JSON.stringify(events)] };
}

/** The events of one row, old (one event) or new (an array of them), in id order. */
function eventsOfRow(row: Row): HistoryEvent[] {
  const parsed = JSON.parse(text(row, 'event')) as HistoryEvent | HistoryEvent[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

const seqOfArn = 'SELECT seq FROM executions WHERE arn = $1';

// Forward, the row holding the event the token names may hold later ones too: it is read from (the last
// row whose first id is at most the token), and every row read gives at least one event, so limit + 2 rows
// give limit + 1 events. Backward, rows whose first id is below the token give at least one event each.
const forward = `SELECT id, event FROM history_events WHERE execution_seq = (${seqOfArn})
  AND id >= coalesce((SELECT max(id) FROM history_events WHERE execution_seq = (${seqOfArn}) AND id <= $2::bigint), 0)
  ORDER BY id LIMIT $3`;
const backward = `SELECT id, event FROM history_events WHERE execution_seq = (${seqOfArn}) AND id < $2::bigint
  ORDER BY id DESC LIMIT $3`;

/** A page of an execution's events after (or, reversed, before) the event the token names. */
export async function selectHistory(tx: Tx, arn: string, request: HistoryRequest): Promise<Page<HistoryEvent>> {
  const reverse = request.reverse === true;
  const bound = afterSeq(request.after, reverse);
  const rows = await tx.rows(reverse ? backward : forward, [arn, bound, request.limit + (reverse ? 1 : 2)]);
  const events = rows.flatMap((row) => (reverse ? eventsOfRow(row).reverse() : eventsOfRow(row)));
  const inPage = events.filter((event) => (reverse ? event.id < bound : event.id > bound));
  const items = inPage.slice(0, request.limit);
  const last = items.at(-1);
  if (inPage.length <= request.limit || last === undefined) return { items };
  return { items, nextToken: String(last.id) };
}

/** Writes a commit's events as one row (the general path's; the functions get historyRows' arrays). */
export async function insertEvents(tx: Tx, executionSeq: number, events: HistoryEvent[]): Promise<void> {
  const { ids, texts } = historyRows(events);
  if (ids.length === 0) return;
  await tx.count('INSERT INTO history_events (execution_seq, id, event) VALUES ($1, $2, $3)', [
    executionSeq,
    ids[0],
    texts[0],
  ]);
}
