// The SQLite statements of Scheduler schedules: kept as JSON with their next due time in a column of its own, and
// fired under a check of that time, with the fire key, so that each due time fires once across nodes and restarts.

import type { Page, PageRequest } from '../records.ts';
import type { ScheduleFire, ScheduleRecord } from '../trigger-store.ts';
import { afterSeq, text, toPage, type Db, type Row } from './db.ts';
import { insertDeliveries } from './deliveries.ts';

function scheduleOf(row: Row): ScheduleRecord {
  return JSON.parse(text(row, 'schedule')) as ScheduleRecord;
}

export function putSchedule(db: Db, schedule: ScheduleRecord, replace: boolean): boolean {
  const json = JSON.stringify(schedule);
  const next = schedule.nextFire ?? null;
  if (replace) {
    const sql = 'UPDATE schedules SET schedule = ?, next_fire = ? WHERE group_name = ? AND name = ?';
    return db.run(sql, json, next, schedule.GroupName, schedule.Name) === 1;
  }
  const sql = 'INSERT OR IGNORE INTO schedules (group_name, name, schedule, next_fire) VALUES (?, ?, ?, ?)';
  return db.run(sql, schedule.GroupName, schedule.Name, json, next) === 1;
}

export function selectSchedule(db: Db, group: string, name: string): ScheduleRecord | undefined {
  const row = db.get('SELECT schedule FROM schedules WHERE group_name = ? AND name = ?', group, name);
  return row === undefined ? undefined : scheduleOf(row);
}

export function selectSchedules(
  db: Db,
  filter: { group?: string; prefix?: string; state?: string },
  page: PageRequest,
): Page<ScheduleRecord> {
  const rows = db.all(
    `SELECT seq, schedule FROM schedules WHERE seq > ? AND (? IS NULL OR group_name = ?) AND substr(name, 1, ?) = ?
       AND (? IS NULL OR json_extract(schedule, '$.State') = ?) ORDER BY seq LIMIT ?`,
    afterSeq(page.after, false),
    filter.group ?? null,
    filter.group ?? null,
    (filter.prefix ?? '').length,
    filter.prefix ?? '',
    filter.state ?? null,
    filter.state ?? null,
    page.limit + 1,
  );
  return toPage(rows, page.limit, scheduleOf);
}

export function removeSchedule(db: Db, group: string, name: string): boolean {
  return db.run('DELETE FROM schedules WHERE group_name = ? AND name = ?', group, name) === 1;
}

export function selectDue(db: Db, now: number, limit: number): ScheduleRecord[] {
  const rows = db.all('SELECT schedule FROM schedules WHERE next_fire <= ? ORDER BY next_fire LIMIT ?', now, limit);
  return rows.map(scheduleOf);
}

export function fire(db: Db, fire: ScheduleFire, now: number): boolean {
  const row = db.get(
    'SELECT schedule, next_fire FROM schedules WHERE group_name = ? AND name = ?',
    fire.group,
    fire.name,
  );
  if (row === undefined || row.next_fire !== fire.due) return false;
  if (!insertDeliveries(db, fire.deliveries, `schedule/${fire.group}/${fire.name}/${String(fire.due)}`, now))
    return false;
  if (fire.deleteSchedule) {
    removeSchedule(db, fire.group, fire.name);
    return true;
  }
  const schedule = { ...scheduleOf(row), nextFire: fire.next };
  if (fire.next === undefined) delete schedule.nextFire;
  putSchedule(db, schedule, true);
  return true;
}

export function nextDue(db: Db): number | undefined {
  const row = db.get('SELECT min(next_fire) AS t FROM schedules');
  return (row?.t as number | null) ?? undefined;
}
