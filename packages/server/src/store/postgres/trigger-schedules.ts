// The PostgreSQL statements of Scheduler schedules, pipes and the console's HTTP start routes, each kept as JSON.
// A schedule's fire locks its row and checks its due time, and writes its fire key, so that nodes racing for
// the same due time fire it once.

import type { Page, PageRequest } from '../records.ts';
import type { PipeRecord, ScheduleFire, ScheduleRecord, StoredRoute } from '../trigger-store.ts';
import { afterSeq, text, toPage, type Row } from '../sqlite/db.ts';
import type { Tx } from './pg-db.ts';
import { insertDeliveries } from './trigger-outbox.ts';

function scheduleOf(row: Row): ScheduleRecord {
  return JSON.parse(text(row, 'schedule')) as ScheduleRecord;
}

export async function putSchedule(tx: Tx, schedule: ScheduleRecord, replace: boolean): Promise<boolean> {
  const values = [
    schedule.GroupName,
    schedule.Name,
    JSON.stringify(schedule),
    schedule.State,
    schedule.nextFire ?? null,
  ];
  const sql = replace
    ? 'UPDATE schedules SET schedule = $3, state = $4, next_fire = $5 WHERE group_name = $1 AND name = $2'
    : `INSERT INTO schedules (group_name, name, schedule, state, next_fire) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (group_name, name) DO NOTHING`;
  return (await tx.count(sql, values)) === 1;
}

export async function selectSchedule(tx: Tx, group: string, name: string): Promise<ScheduleRecord | undefined> {
  const row = await tx.row('SELECT schedule FROM schedules WHERE group_name = $1 AND name = $2', [group, name]);
  return row === undefined ? undefined : scheduleOf(row);
}

export async function selectSchedules(
  tx: Tx,
  filter: { group?: string; prefix?: string; state?: string },
  page: PageRequest,
): Promise<Page<ScheduleRecord>> {
  const rows = await tx.rows(
    `SELECT seq, schedule FROM schedules WHERE seq > $1 AND ($2::text IS NULL OR group_name = $2)
       AND starts_with(name, $3) AND ($4::text IS NULL OR state = $4) ORDER BY seq LIMIT $5`,
    [afterSeq(page.after, false), filter.group ?? null, filter.prefix ?? '', filter.state ?? null, page.limit + 1],
  );
  return toPage(rows, page.limit, scheduleOf);
}

export async function removeSchedule(tx: Tx, group: string, name: string): Promise<boolean> {
  return (await tx.count('DELETE FROM schedules WHERE group_name = $1 AND name = $2', [group, name])) === 1;
}

export async function selectDue(tx: Tx, now: number, limit: number): Promise<ScheduleRecord[]> {
  const sql = 'SELECT schedule FROM schedules WHERE next_fire <= $1 ORDER BY next_fire LIMIT $2';
  return (await tx.rows(sql, [now, limit])).map(scheduleOf);
}

export async function fire(tx: Tx, fired: ScheduleFire, now: number): Promise<boolean> {
  const row = await tx.row('SELECT schedule, next_fire FROM schedules WHERE group_name = $1 AND name = $2 FOR UPDATE', [
    fired.group,
    fired.name,
  ]);
  if (row === undefined || row.next_fire !== fired.due) return false;
  const key = `schedule/${fired.group}/${fired.name}/${String(fired.due)}`;
  if (!(await insertDeliveries(tx, fired.deliveries, key, now))) return false;
  if (fired.deleteSchedule) return removeSchedule(tx, fired.group, fired.name);
  const schedule = { ...scheduleOf(row), nextFire: fired.next };
  if (fired.next === undefined) delete schedule.nextFire;
  return putSchedule(tx, schedule, true);
}

export async function nextDue(tx: Tx): Promise<number | undefined> {
  const row = await tx.row('SELECT min(next_fire) AS t FROM schedules');
  return (row?.t as number | null) ?? undefined;
}

function pipeOf(row: Row): PipeRecord {
  return JSON.parse(text(row, 'pipe')) as PipeRecord;
}

export async function putPipe(tx: Tx, pipe: PipeRecord, replace: boolean): Promise<boolean> {
  const sql = replace
    ? 'UPDATE pipes SET pipe = $2 WHERE name = $1'
    : 'INSERT INTO pipes (name, pipe) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING';
  return (await tx.count(sql, [pipe.Name, JSON.stringify(pipe)])) === 1;
}

export async function selectPipe(tx: Tx, name: string): Promise<PipeRecord | undefined> {
  const row = await tx.row('SELECT pipe FROM pipes WHERE name = $1', [name]);
  return row === undefined ? undefined : pipeOf(row);
}

export async function selectPipes(tx: Tx, prefix: string | undefined, page: PageRequest): Promise<Page<PipeRecord>> {
  const rows = await tx.rows(
    'SELECT seq, pipe FROM pipes WHERE seq > $1 AND starts_with(name, $2) ORDER BY seq LIMIT $3',
    [afterSeq(page.after, false), prefix ?? '', page.limit + 1],
  );
  return toPage(rows, page.limit, pipeOf);
}

export async function removePipe(tx: Tx, name: string): Promise<boolean> {
  return (await tx.count('DELETE FROM pipes WHERE name = $1', [name])) === 1;
}

export async function insertRoute(tx: Tx, key: string, route: StoredRoute): Promise<boolean> {
  const sql = 'INSERT INTO http_routes (key, route) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING';
  return (await tx.count(sql, [key, JSON.stringify(route)])) === 1;
}

export async function selectRoutes(tx: Tx): Promise<StoredRoute[]> {
  const rows = await tx.rows('SELECT route FROM http_routes ORDER BY seq');
  return rows.map((row) => JSON.parse(text(row, 'route')) as StoredRoute);
}

export async function removeRoute(tx: Tx, key: string): Promise<boolean> {
  return (await tx.count('DELETE FROM http_routes WHERE key = $1', [key])) === 1;
}
