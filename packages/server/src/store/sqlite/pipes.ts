// The SQLite statements of EventBridge pipes: each kept as JSON under its name.

import type { Page, PageRequest } from '../records.ts';
import type { PipeRecord } from '../trigger-store.ts';
import { afterSeq, text, toPage, type Db, type Row } from './db.ts';

function pipeOf(row: Row): PipeRecord {
  return JSON.parse(text(row, 'pipe')) as PipeRecord;
}

export function putPipe(db: Db, pipe: PipeRecord, replace: boolean): boolean {
  const json = JSON.stringify(pipe);
  if (replace) return db.run('UPDATE pipes SET pipe = ? WHERE name = ?', json, pipe.Name) === 1;
  return db.run('INSERT OR IGNORE INTO pipes (name, pipe) VALUES (?, ?)', pipe.Name, json) === 1;
}

export function selectPipe(db: Db, name: string): PipeRecord | undefined {
  const row = db.get('SELECT pipe FROM pipes WHERE name = ?', name);
  return row === undefined ? undefined : pipeOf(row);
}

export function selectPipes(db: Db, prefix: string | undefined, page: PageRequest): Page<PipeRecord> {
  const rows = db.all(
    'SELECT seq, pipe FROM pipes WHERE seq > ? AND substr(name, 1, ?) = ? ORDER BY seq LIMIT ?',
    afterSeq(page.after, false),
    (prefix ?? '').length,
    prefix ?? '',
    page.limit + 1,
  );
  return toPage(rows, page.limit, pipeOf);
}

export function removePipe(db: Db, name: string): boolean {
  return db.run('DELETE FROM pipes WHERE name = ?', name) === 1;
}
