// The SQLite statements of the TriggerStore: buses, rules, targets, the delivery outbox, its log and fire keys.

import type { EventBusRecord, RuleRecord, TargetRecord } from '../trigger-store.ts';
import type { Page, PageRequest } from '../records.ts';
import { afterSeq, optionalText, text, toPage, type Db, type Row } from './db.ts';

export function insertBus(db: Db, bus: EventBusRecord): boolean {
  const sql = 'INSERT OR IGNORE INTO event_buses (name, arn, description, creation_time) VALUES (?, ?, ?, ?)';
  return db.run(sql, bus.name, bus.arn, bus.description ?? null, bus.creationTime) === 1;
}

export function busOf(row: Row): EventBusRecord {
  const description = optionalText(row, 'description');
  return {
    name: text(row, 'name'),
    arn: text(row, 'arn'),
    creationTime: row.creation_time as number,
    ...(description === undefined ? {} : { description }),
  };
}

export function selectBus(db: Db, name: string): EventBusRecord | undefined {
  const row = db.get('SELECT * FROM event_buses WHERE name = ?', name);
  return row === undefined ? undefined : busOf(row);
}

export function selectBuses(db: Db, prefix: string | undefined, page: PageRequest): Page<EventBusRecord> {
  const rows = db.all(
    'SELECT * FROM event_buses WHERE seq > ? AND substr(name, 1, ?) = ? ORDER BY seq LIMIT ?',
    afterSeq(page.after, false),
    (prefix ?? '').length,
    prefix ?? '',
    page.limit + 1,
  );
  return toPage(rows, page.limit, busOf);
}

export function removeBus(db: Db, name: string): void {
  db.run('DELETE FROM event_targets WHERE event_bus_name = ?', name);
  db.run('DELETE FROM event_rules WHERE event_bus_name = ?', name);
  db.run('DELETE FROM event_buses WHERE name = ?', name);
}

export function upsertRule(db: Db, rule: RuleRecord): RuleRecord {
  const existing = selectRule(db, rule.eventBusName, rule.name);
  const stored = { ...rule, createdAt: existing?.createdAt ?? rule.createdAt };
  db.run(
    `INSERT INTO event_rules (event_bus_name, name, arn, event_pattern, schedule_expression, state, description, role_arn, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (event_bus_name, name) DO UPDATE SET event_pattern = excluded.event_pattern,
       schedule_expression = excluded.schedule_expression, state = excluded.state,
       description = excluded.description, role_arn = excluded.role_arn`,
    stored.eventBusName,
    stored.name,
    stored.arn,
    stored.eventPattern ?? null,
    stored.scheduleExpression ?? null,
    stored.state,
    stored.description ?? null,
    stored.roleArn ?? null,
    stored.createdAt,
  );
  return stored;
}

export function ruleOf(row: Row): RuleRecord {
  const optional: Partial<RuleRecord> = {};
  const eventPattern = optionalText(row, 'event_pattern');
  const scheduleExpression = optionalText(row, 'schedule_expression');
  const description = optionalText(row, 'description');
  const roleArn = optionalText(row, 'role_arn');
  if (eventPattern !== undefined) optional.eventPattern = eventPattern;
  if (scheduleExpression !== undefined) optional.scheduleExpression = scheduleExpression;
  if (description !== undefined) optional.description = description;
  if (roleArn !== undefined) optional.roleArn = roleArn;
  return {
    eventBusName: text(row, 'event_bus_name'),
    name: text(row, 'name'),
    arn: text(row, 'arn'),
    state: text(row, 'state') as RuleRecord['state'],
    createdAt: row.created_at as number,
    ...optional,
  };
}

export function selectRule(db: Db, bus: string, name: string): RuleRecord | undefined {
  const row = db.get('SELECT * FROM event_rules WHERE event_bus_name = ? AND name = ?', bus, name);
  return row === undefined ? undefined : ruleOf(row);
}

export function selectRules(db: Db, bus: string, prefix: string | undefined, page: PageRequest): Page<RuleRecord> {
  const rows = db.all(
    'SELECT * FROM event_rules WHERE event_bus_name = ? AND seq > ? AND substr(name, 1, ?) = ? ORDER BY seq LIMIT ?',
    bus,
    afterSeq(page.after, false),
    (prefix ?? '').length,
    prefix ?? '',
    page.limit + 1,
  );
  return toPage(rows, page.limit, ruleOf);
}

/** Enabled rules with targets, where `condition` picks which (on one bus, or scheduled ones). */
export function selectActiveRules(
  db: Db,
  condition: string,
  ...params: unknown[]
): { rule: RuleRecord; targets: TargetRecord[] }[] {
  const rows = db.all(
    `SELECT r.*, t.target FROM event_rules r JOIN event_targets t
       ON t.event_bus_name = r.event_bus_name AND t.rule_name = r.name
     WHERE r.state = 'ENABLED' AND ${condition} ORDER BY r.seq, t.id`,
    ...params,
  );
  const byRule = new Map<number, { rule: RuleRecord; targets: TargetRecord[] }>();
  for (const row of rows) {
    const seq = row.seq as number;
    let entry = byRule.get(seq);
    if (entry === undefined) {
      entry = { rule: ruleOf(row), targets: [] };
      byRule.set(seq, entry);
    }
    entry.targets.push(JSON.parse(text(row, 'target')) as TargetRecord);
  }
  return [...byRule.values()];
}

export function removeRule(db: Db, bus: string, name: string, force: boolean): 'deleted' | 'missing' | 'has-targets' {
  if (selectRule(db, bus, name) === undefined) return 'missing';
  const targets = db.get(
    'SELECT count(*) AS n FROM event_targets WHERE event_bus_name = ? AND rule_name = ?',
    bus,
    name,
  );
  if (!force && (targets?.n as number) > 0) return 'has-targets';
  db.run('DELETE FROM event_targets WHERE event_bus_name = ? AND rule_name = ?', bus, name);
  db.run('DELETE FROM event_rules WHERE event_bus_name = ? AND name = ?', bus, name);
  return 'deleted';
}

export function updateRuleState(db: Db, bus: string, name: string, state: string): boolean {
  return db.run('UPDATE event_rules SET state = ? WHERE event_bus_name = ? AND name = ?', state, bus, name) === 1;
}

export function upsertTargets(db: Db, bus: string, rule: string, targets: TargetRecord[]): void {
  for (const target of targets) {
    db.run(
      'INSERT OR REPLACE INTO event_targets (event_bus_name, rule_name, id, target) VALUES (?, ?, ?, ?)',
      bus,
      rule,
      target.Id,
      JSON.stringify(target),
    );
  }
}

export function deleteTargets(db: Db, bus: string, rule: string, ids: string[]): void {
  for (const id of ids) {
    db.run('DELETE FROM event_targets WHERE event_bus_name = ? AND rule_name = ? AND id = ?', bus, rule, id);
  }
}

export function selectTargets(db: Db, bus: string, rule: string): TargetRecord[] {
  const rows = db.all(
    'SELECT target FROM event_targets WHERE event_bus_name = ? AND rule_name = ? ORDER BY id',
    bus,
    rule,
  );
  return rows.map((row) => JSON.parse(text(row, 'target')) as TargetRecord);
}
