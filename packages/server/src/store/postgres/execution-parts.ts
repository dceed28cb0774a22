// The PostgreSQL store's part rows of execution states (state-parts.ts): written by a step's commit, read
// to assemble a state, deleted with their execution.

import type { ExecutionState } from '@stepwise/core';
import type { ExecutionRead } from '../records.ts';
import { assembleState, isPartsHead, prefixEnd, type StateParts } from '../state-parts.ts';
import { text, type Row } from '../sqlite/db.ts';
import type { Tx } from './pg-db.ts';

/** Applies a commit's part rows: removals first, then the rows put, in one statement each. */
export async function writeParts(tx: Tx, executionSeq: number, parts: StateParts): Promise<void> {
  if (parts.whole === true) await deleteParts(tx, executionSeq);
  if (parts.remove.length > 0) {
    await tx.count('DELETE FROM execution_parts WHERE execution_seq = $1 AND key = ANY($2::text[])', [
      executionSeq,
      parts.remove,
    ]);
  }
  for (const prefix of parts.removePrefixes) {
    await tx.count('DELETE FROM execution_parts WHERE execution_seq = $1 AND key >= $2 AND key < $3', [
      executionSeq,
      prefix,
      prefixEnd(prefix),
    ]);
  }
  if (parts.put.length === 0) return;
  await tx.count(
    `INSERT INTO execution_parts (execution_seq, key, value)
       SELECT $1, key, value FROM unnest($2::text[], $3::text[]) AS rows (key, value)
     ON CONFLICT (execution_seq, key) DO UPDATE SET value = excluded.value`,
    [executionSeq, parts.put.map(([key]) => key), parts.put.map(([, value]) => value)],
  );
}

export async function deleteParts(tx: Tx, executionSeq: number): Promise<void> {
  await tx.count('DELETE FROM execution_parts WHERE execution_seq = $1', [executionSeq]);
}

/**
 * The column `parts` that `stateOfRow` reads, for a query on `executions e`: the part rows are read in the
 * statement that reads the head, so that both come from one snapshot (READ COMMITTED gives each statement
 * its own, and another node may commit a step in between).
 */
export function partsColumn(read: ExecutionRead = {}): string {
  const only = read.withoutThreads === true ? " AND p.key = 'x'" : '';
  return `(SELECT coalesce(json_agg(json_build_array(p.key, p.value)), '[]'::json) FROM execution_parts p
     WHERE p.execution_seq = e.seq${only}) AS parts`;
}

/** The state of a row read with `partsColumn`: a whole state as it is, a head with its part rows. */
export function stateOfRow(row: Row, read: ExecutionRead = {}): ExecutionState {
  const head = text(row, 'state');
  if (!isPartsHead(head)) return JSON.parse(head) as ExecutionState;
  return assembleState(head, row.parts as [string, string][], read.withoutThreads !== true);
}

/** Part rows by key prefix (see Store.readStateParts). */
export async function selectParts(tx: Tx, arn: string, prefix: string): Promise<[string, string][]> {
  const rows = await tx.rows(
    `SELECT key, value FROM execution_parts
      WHERE execution_seq = (SELECT seq FROM executions WHERE arn = $1) AND key >= $2 AND key < $3`,
    [arn, prefix, prefixEnd(prefix)],
  );
  return rows.map((row) => [text(row, 'key'), text(row, 'value')]);
}
