// The SQLite LogStore's queries (migration 0006): log groups, streams and events. Each function runs
// inside the caller's transaction; pages of events are keyed by (timestamp, seq), of groups and streams
// by name or last event time.

import { InvalidPageTokenError, type Page } from '../records.ts';
import type {
  LogBatch,
  LogEventQuery,
  LogEventRecord,
  LogGroupRecord,
  LogStreamQuery,
  LogStreamRecord,
} from '../log-store.ts';
import { int, optionalInt, text, type Db, type Row } from './db.ts';

const dayMillis = 86_400_000;

export function insertLogGroup(
  db: Db,
  group: { name: string; creationTime: number; retentionInDays?: number },
): boolean {
  const changes = db.run(
    'INSERT INTO log_groups (name, creation_time, retention_days) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
    group.name,
    group.creationTime,
    group.retentionInDays ?? null,
  );
  return changes > 0;
}

const groupColumns = `g.name, g.creation_time, g.retention_days,
  (SELECT coalesce(sum(s.stored_bytes), 0) FROM log_streams s WHERE s.group_seq = g.seq) AS stored_bytes`;

export function selectLogGroup(db: Db, name: string): LogGroupRecord | undefined {
  const row = db.get(`SELECT ${groupColumns} FROM log_groups g WHERE g.name = ?`, name);
  return row === undefined ? undefined : toGroup(row);
}

export function selectLogGroups(
  db: Db,
  query: { prefix?: string; limit: number; nextToken?: string },
): Page<LogGroupRecord> {
  const after = query.nextToken ?? '';
  const prefix = query.prefix ?? '';
  const rows = db.all(
    `SELECT ${groupColumns} FROM log_groups g WHERE g.name > ? AND substr(g.name, 1, ?) = ? ORDER BY g.name LIMIT ?`,
    after,
    prefix.length,
    prefix,
    query.limit + 1,
  );
  const items = rows.slice(0, query.limit).map(toGroup);
  return rows.length > query.limit ? { items, nextToken: items.at(-1)?.name ?? '' } : { items };
}

export function deleteLogGroup(db: Db, name: string): boolean {
  return db.run('DELETE FROM log_groups WHERE name = ?', name) > 0;
}

export function updateRetention(db: Db, name: string, days: number | undefined): boolean {
  return db.run('UPDATE log_groups SET retention_days = ? WHERE name = ?', days ?? null, name) > 0;
}

export function insertLogStream(
  db: Db,
  groupName: string,
  streamName: string,
  creationTime: number,
): 'created' | 'exists' | 'no-group' {
  const group = groupSeq(db, groupName);
  if (group === undefined) return 'no-group';
  const changes = db.run(
    'INSERT INTO log_streams (group_seq, name, creation_time) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    group,
    streamName,
    creationTime,
  );
  return changes > 0 ? 'created' : 'exists';
}

export function selectLogStreams(db: Db, groupName: string, query: LogStreamQuery): Page<LogStreamRecord> {
  const group = groupSeq(db, groupName);
  if (group === undefined) return { items: [] };
  const byTime = query.orderBy === 'LastEventTime';
  const key = byTime ? 'coalesce(last_event_time, 0)' : 'name';
  const direction = query.descending ? 'DESC' : 'ASC';
  const rows = db.all(
    `SELECT * FROM log_streams WHERE group_seq = ? AND substr(name, 1, ?) = ? ORDER BY ${key} ${direction}, seq ${direction}`,
    group,
    (query.prefix ?? '').length,
    query.prefix ?? '',
  );
  // Streams per group are few (one per machine and minute); a page is cut from the ordered list.
  const start = query.nextToken === undefined ? 0 : streamOffset(query.nextToken);
  const items = rows.slice(start, start + query.limit).map(toStream);
  const end = start + query.limit;
  return end < rows.length ? { items, nextToken: String(end) } : { items };
}

export function insertLogEvents(db: Db, batches: LogBatch[], ingestionTime: number): string[] {
  const missing: string[] = [];
  for (const batch of batches) {
    const group = groupSeq(db, batch.groupName);
    if (group === undefined) {
      missing.push(batch.groupName);
      continue;
    }
    insertLogStream(db, batch.groupName, batch.streamName, ingestionTime);
    const stream = int(
      db.get('SELECT seq FROM log_streams WHERE group_seq = ? AND name = ?', group, batch.streamName) ?? {},
      'seq',
    );
    let bytes = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const event of batch.events) {
      db.run(
        'INSERT INTO log_events (group_seq, stream_seq, timestamp, ingestion_time, message) VALUES (?, ?, ?, ?, ?)',
        group,
        stream,
        event.timestamp,
        ingestionTime,
        event.message,
      );
      bytes += Buffer.byteLength(event.message, 'utf8');
      first = Math.min(first, event.timestamp);
      last = Math.max(last, event.timestamp);
    }
    if (batch.events.length === 0) continue;
    db.run(
      `UPDATE log_streams SET stored_bytes = stored_bytes + ?, last_ingestion_time = ?,
        first_event_time = min(coalesce(first_event_time, ?), ?), last_event_time = max(coalesce(last_event_time, ?), ?)
       WHERE seq = ?`,
      bytes,
      ingestionTime,
      first,
      first,
      last,
      last,
      stream,
    );
  }
  return missing;
}

export function selectLogEvents(db: Db, groupName: string, query: LogEventQuery): Page<LogEventRecord> {
  const group = groupSeq(db, groupName);
  if (group === undefined) return { items: [] };
  const descending = query.descending === true;
  const [afterTime, afterSeq] = eventPosition(query.nextToken, descending);
  const compare = descending ? '<' : '>';
  const conditions = [
    'e.group_seq = ?',
    `(e.timestamp, e.seq) ${compare} (?, ?)`,
    'e.timestamp >= ?',
    'e.timestamp < ?',
    'substr(s.name, 1, ?) = ?',
  ];
  const params: unknown[] = [
    group,
    afterTime,
    afterSeq,
    query.startTime ?? Number.MIN_SAFE_INTEGER,
    query.endTime ?? Number.MAX_SAFE_INTEGER,
    (query.streamPrefix ?? '').length,
    query.streamPrefix ?? '',
  ];
  if (query.streamNames !== undefined && query.streamNames.length > 0) {
    conditions.push(`s.name IN (${query.streamNames.map(() => '?').join(', ')})`);
    params.push(...query.streamNames);
  }
  const direction = descending ? 'DESC' : 'ASC';
  const rows = db.all(
    `SELECT e.seq, e.timestamp, e.ingestion_time, e.message, s.name AS stream_name
     FROM log_events e JOIN log_streams s ON s.seq = e.stream_seq
     WHERE ${conditions.join(' AND ')} ORDER BY e.timestamp ${direction}, e.seq ${direction} LIMIT ?`,
    ...params,
    query.limit + 1,
  );
  const items = rows.slice(0, query.limit).map(toEvent);
  const last = items.at(-1);
  return rows.length <= query.limit || last === undefined ? { items } : { items, nextToken: last.position };
}

export function deleteExpiredEvents(db: Db, now: number): number {
  let deleted = 0;
  for (const row of db.all('SELECT seq, retention_days FROM log_groups WHERE retention_days IS NOT NULL')) {
    const cutoff = now - int(row, 'retention_days') * dayMillis;
    deleted += db.run('DELETE FROM log_events WHERE group_seq = ? AND timestamp < ?', int(row, 'seq'), cutoff);
  }
  if (deleted > 0) refreshStreamSizes(db);
  return deleted;
}

/** After retention: each stream's stored bytes and first event time as what is left. */
function refreshStreamSizes(db: Db): void {
  db.run(
    `UPDATE log_streams SET
       stored_bytes = (SELECT coalesce(sum(length(CAST(message AS BLOB))), 0) FROM log_events e WHERE e.stream_seq = log_streams.seq),
       first_event_time = (SELECT min(timestamp) FROM log_events e WHERE e.stream_seq = log_streams.seq)`,
  );
}

function groupSeq(db: Db, name: string): number | undefined {
  const row = db.get('SELECT seq FROM log_groups WHERE name = ?', name);
  return row === undefined ? undefined : int(row, 'seq');
}

export function eventPosition(token: string | undefined, descending: boolean): [number, number] {
  if (token === undefined) return descending ? [Number.MAX_SAFE_INTEGER, 0] : [Number.MIN_SAFE_INTEGER, 0];
  const match = /^(-?\d+):(\d+)$/.exec(token);
  if (match === null) throw new InvalidPageTokenError(token);
  return [Number(match[1]), Number(match[2])];
}

export function streamOffset(token: string): number {
  const offset = Number(token);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidPageTokenError(token);
  return offset;
}

export function toGroup(row: Row): LogGroupRecord {
  const group: LogGroupRecord = {
    name: text(row, 'name'),
    creationTime: int(row, 'creation_time'),
    storedBytes: int(row, 'stored_bytes'),
  };
  const retention = optionalInt(row, 'retention_days');
  if (retention !== undefined) group.retentionInDays = retention;
  return group;
}

export function toStream(row: Row): LogStreamRecord {
  const stream: LogStreamRecord = {
    name: text(row, 'name'),
    creationTime: int(row, 'creation_time'),
    storedBytes: int(row, 'stored_bytes'),
  };
  const first = optionalInt(row, 'first_event_time');
  const last = optionalInt(row, 'last_event_time');
  const ingested = optionalInt(row, 'last_ingestion_time');
  if (first !== undefined) stream.firstEventTimestamp = first;
  if (last !== undefined) stream.lastEventTimestamp = last;
  if (ingested !== undefined) stream.lastIngestionTime = ingested;
  return stream;
}

export function toEvent(row: Row): LogEventRecord {
  return {
    streamName: text(row, 'stream_name'),
    timestamp: int(row, 'timestamp'),
    ingestionTime: int(row, 'ingestion_time'),
    message: text(row, 'message'),
    eventId: String(int(row, 'seq')).padStart(20, '0'),
    position: `${String(int(row, 'timestamp'))}:${String(int(row, 'seq'))}`,
  };
}
