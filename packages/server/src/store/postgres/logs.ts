// The PostgreSQL LogStore's queries (migration 0013): log groups, streams and events, as SQLite's logs.ts
// keeps them (the same rows, pages and tokens; its row readers are shared). Names compare byte-wise
// (COLLATE "C"), as in SQLite, so pages keyed by name follow the order they are listed in.

import type { Page } from '../records.ts';
import type {
  LogBatch,
  LogEventQuery,
  LogEventRecord,
  LogGroupRecord,
  LogStreamQuery,
  LogStreamRecord,
} from '../log-store.ts';
import { int } from '../sqlite/db.ts';
import { eventPosition, streamOffset, toEvent, toGroup, toStream } from '../sqlite/logs.ts';
import type { Tx } from './pg-db.ts';

const dayMillis = 86_400_000;

export async function insertLogGroup(
  tx: Tx,
  group: { name: string; creationTime: number; retentionInDays?: number },
): Promise<boolean> {
  const sql = `INSERT INTO log_groups (name, creation_time, retention_days) VALUES ($1, $2, $3)
    ON CONFLICT (name) DO NOTHING`;
  return (await tx.count(sql, [group.name, group.creationTime, group.retentionInDays ?? null])) > 0;
}

const groupColumns = `g.name, g.creation_time, g.retention_days,
  (SELECT coalesce(sum(s.stored_bytes), 0) FROM log_streams s WHERE s.group_seq = g.seq)::bigint AS stored_bytes`;

export async function selectLogGroup(tx: Tx, name: string): Promise<LogGroupRecord | undefined> {
  const row = await tx.row(`SELECT ${groupColumns} FROM log_groups g WHERE g.name = $1`, [name]);
  return row === undefined ? undefined : toGroup(row);
}

export async function selectLogGroups(
  tx: Tx,
  query: { prefix?: string; limit: number; nextToken?: string },
): Promise<Page<LogGroupRecord>> {
  const prefix = query.prefix ?? '';
  const rows = await tx.rows(
    `SELECT ${groupColumns} FROM log_groups g
     WHERE g.name COLLATE "C" > $1 AND substr(g.name, 1, $2) = $3 ORDER BY g.name COLLATE "C" LIMIT $4`,
    [query.nextToken ?? '', prefix.length, prefix, query.limit + 1],
  );
  const items = rows.slice(0, query.limit).map(toGroup);
  return rows.length > query.limit ? { items, nextToken: items.at(-1)?.name ?? '' } : { items };
}

export async function deleteLogGroup(tx: Tx, name: string): Promise<boolean> {
  return (await tx.count('DELETE FROM log_groups WHERE name = $1', [name])) > 0;
}

export async function updateRetention(tx: Tx, name: string, days: number | undefined): Promise<boolean> {
  return (await tx.count('UPDATE log_groups SET retention_days = $1 WHERE name = $2', [days ?? null, name])) > 0;
}

export async function insertLogStream(
  tx: Tx,
  groupName: string,
  streamName: string,
  creationTime: number,
): Promise<'created' | 'exists' | 'no-group'> {
  const group = await groupSeq(tx, groupName);
  if (group === undefined) return 'no-group';
  const sql = `INSERT INTO log_streams (group_seq, name, creation_time) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`;
  return (await tx.count(sql, [group, streamName, creationTime])) > 0 ? 'created' : 'exists';
}

export async function selectLogStreams(
  tx: Tx,
  groupName: string,
  query: LogStreamQuery,
): Promise<Page<LogStreamRecord>> {
  const group = await groupSeq(tx, groupName);
  if (group === undefined) return { items: [] };
  const key = query.orderBy === 'LastEventTime' ? 'coalesce(last_event_time, 0)' : 'name COLLATE "C"';
  const direction = query.descending ? 'DESC' : 'ASC';
  const rows = await tx.rows(
    `SELECT * FROM log_streams WHERE group_seq = $1 AND substr(name, 1, $2) = $3
     ORDER BY ${key} ${direction}, seq ${direction}`,
    [group, (query.prefix ?? '').length, query.prefix ?? ''],
  );
  // Streams per group are few (one per machine and minute, per node): a page is cut from the ordered list.
  const start = query.nextToken === undefined ? 0 : streamOffset(query.nextToken);
  const items = rows.slice(start, start + query.limit).map(toStream);
  const end = start + query.limit;
  return end < rows.length ? { items, nextToken: String(end) } : { items };
}

export async function insertLogEvents(tx: Tx, batches: LogBatch[], ingestionTime: number): Promise<string[]> {
  const missing: string[] = [];
  for (const batch of batches) {
    const group = await groupSeq(tx, batch.groupName);
    if (group === undefined) {
      missing.push(batch.groupName);
      continue;
    }
    if (batch.events.length > 0) await appendBatch(tx, group, batch, ingestionTime);
    else await insertLogStream(tx, batch.groupName, batch.streamName, ingestionTime);
  }
  return missing;
}

/** One batch's events in one statement (arrays unnested), and its stream's figures updated. */
async function appendBatch(tx: Tx, group: number, batch: LogBatch, ingestionTime: number): Promise<void> {
  const stream = await tx.row(
    `INSERT INTO log_streams (group_seq, name, creation_time) VALUES ($1, $2, $3)
     ON CONFLICT (group_seq, name) DO UPDATE SET name = EXCLUDED.name RETURNING seq`,
    [group, batch.streamName, ingestionTime],
  );
  const streamSeq = int(stream ?? {}, 'seq');
  const times = batch.events.map((e) => e.timestamp);
  await tx.count(
    `INSERT INTO log_events (group_seq, stream_seq, timestamp, ingestion_time, message)
     SELECT $1, $2, t, $3, m FROM unnest($4::bigint[], $5::text[]) WITH ORDINALITY AS u(t, m, n) ORDER BY n`,
    [group, streamSeq, ingestionTime, times, batch.events.map((e) => e.message)],
  );
  const bytes = batch.events.reduce((sum, e) => sum + Buffer.byteLength(e.message, 'utf8'), 0);
  await tx.count(
    `UPDATE log_streams SET stored_bytes = stored_bytes + $1, last_ingestion_time = $2,
       first_event_time = least(coalesce(first_event_time, $3), $3),
       last_event_time = greatest(coalesce(last_event_time, $4), $4)
     WHERE seq = $5`,
    [bytes, ingestionTime, Math.min(...times), Math.max(...times), streamSeq],
  );
}

export async function selectLogEvents(tx: Tx, groupName: string, query: LogEventQuery): Promise<Page<LogEventRecord>> {
  const group = await groupSeq(tx, groupName);
  if (group === undefined) return { items: [] };
  const descending = query.descending === true;
  const [afterTime, afterSeq] = eventPosition(query.nextToken, descending);
  const prefix = query.streamPrefix ?? '';
  const params: unknown[] = [
    group,
    afterTime,
    afterSeq,
    query.startTime ?? Number.MIN_SAFE_INTEGER,
    query.endTime ?? Number.MAX_SAFE_INTEGER,
    prefix.length,
    prefix,
  ];
  const conditions = [
    'e.group_seq = $1',
    `(e.timestamp, e.seq) ${descending ? '<' : '>'} ($2, $3)`,
    'e.timestamp >= $4',
    'e.timestamp < $5',
    'substr(s.name, 1, $6) = $7',
  ];
  if (query.streamNames !== undefined && query.streamNames.length > 0) {
    params.push(query.streamNames);
    conditions.push(`s.name = ANY($${String(params.length)}::text[])`);
  }
  params.push(query.limit + 1);
  const direction = descending ? 'DESC' : 'ASC';
  const rows = await tx.rows(
    `SELECT e.seq, e.timestamp, e.ingestion_time, e.message, s.name AS stream_name
     FROM log_events e JOIN log_streams s ON s.seq = e.stream_seq
     WHERE ${conditions.join(' AND ')} ORDER BY e.timestamp ${direction}, e.seq ${direction} LIMIT $${String(params.length)}`,
    params,
  );
  const items = rows.slice(0, query.limit).map(toEvent);
  const last = items.at(-1);
  return rows.length <= query.limit || last === undefined ? { items } : { items, nextToken: last.position };
}

export async function deleteExpiredEvents(tx: Tx, now: number): Promise<number> {
  let deleted = 0;
  for (const row of await tx.rows('SELECT seq, retention_days FROM log_groups WHERE retention_days IS NOT NULL')) {
    const cutoff = now - int(row, 'retention_days') * dayMillis;
    deleted += await tx.count('DELETE FROM log_events WHERE group_seq = $1 AND timestamp < $2', [
      int(row, 'seq'),
      cutoff,
    ]);
  }
  if (deleted > 0) {
    await tx.count(
      `UPDATE log_streams s SET
         stored_bytes = coalesce((SELECT sum(octet_length(e.message)) FROM log_events e WHERE e.stream_seq = s.seq), 0),
         first_event_time = (SELECT min(e.timestamp) FROM log_events e WHERE e.stream_seq = s.seq)`,
    );
  }
  return deleted;
}

async function groupSeq(tx: Tx, name: string): Promise<number | undefined> {
  const row = await tx.row('SELECT seq FROM log_groups WHERE name = $1', [name]);
  return row === undefined ? undefined : int(row, 'seq');
}
