// The SQLite store's part rows of execution states (state-parts.ts): written by a step's commit, read to
// assemble a state, deleted with their execution.

import { assembleState, isPartsHead, prefixEnd, type StateParts } from '../state-parts.ts';
import type { ExecutionState } from '@stepwise/core';
import type { ExecutionRead } from '../records.ts';
import { text, type Db } from './db.ts';

/** Rows per INSERT statement (three parameters each, far under SQLite's limit). */
const rowsPerInsert = 64;

/** Applies a commit's part rows: removals first, then the rows put. */
export function writeParts(db: Db, executionSeq: number, parts: StateParts): void {
  if (parts.whole === true) deleteParts(db, executionSeq);
  for (const key of parts.remove)
    db.run('DELETE FROM execution_parts WHERE execution_seq = ? AND key = ?', executionSeq, key);
  for (const prefix of parts.removePrefixes) {
    db.run(
      'DELETE FROM execution_parts WHERE execution_seq = ? AND key >= ? AND key < ?',
      executionSeq,
      prefix,
      prefixEnd(prefix),
    );
  }
  for (let start = 0; start < parts.put.length; start += rowsPerInsert) {
    const chunk = parts.put.slice(start, start + rowsPerInsert);
    const params: unknown[] = [];
    for (const [key, value] of chunk) params.push(executionSeq, key, value);
    db.run(
      `INSERT OR REPLACE INTO execution_parts (execution_seq, key, value) VALUES ${Array(chunk.length).fill('(?, ?, ?)').join(', ')}`,
      ...params,
    );
  }
}

export function deleteParts(db: Db, executionSeq: number): void {
  db.run('DELETE FROM execution_parts WHERE execution_seq = ?', executionSeq);
}

/** The state of a row's `state` column: a whole state as it is, a head with its part rows (see ExecutionRead). */
export function readState(db: Db, executionSeq: number, stateColumn: string, read: ExecutionRead = {}): ExecutionState {
  if (!isPartsHead(stateColumn)) return JSON.parse(stateColumn) as ExecutionState;
  const rows =
    read.withoutThreads === true
      ? db.all("SELECT key, value FROM execution_parts WHERE execution_seq = ? AND key = 'x'", executionSeq)
      : db.all('SELECT key, value FROM execution_parts WHERE execution_seq = ?', executionSeq);
  const parts = rows.map((row) => [text(row, 'key'), text(row, 'value')] as const);
  return assembleState(stateColumn, parts, read.withoutThreads !== true);
}

/** Part rows by key prefix (see Store.readStateParts). */
export function selectParts(db: Db, executionSeq: number, prefix: string): [string, string][] {
  const rows = db.all(
    'SELECT key, value FROM execution_parts WHERE execution_seq = ? AND key >= ? AND key < ?',
    executionSeq,
    prefix,
    prefixEnd(prefix),
  );
  return rows.map((row) => [text(row, 'key'), text(row, 'value')]);
}
