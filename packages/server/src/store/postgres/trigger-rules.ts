// The PostgreSQL statements of EventBridge buses, rules and their targets (the TriggerStore's first part); rows
// read through the SQLite store's row readers, as the catalog does.

import type { EventBusRecord, RuleRecord, TargetRecord } from '../trigger-store.ts';
import type { Page, PageRequest } from '../records.ts';
import { afterSeq, text, toPage } from '../sqlite/db.ts';
import { busOf, ruleOf } from '../sqlite/triggers.ts';
import type { Tx } from './pg-db.ts';

export async function insertBus(tx: Tx, bus: EventBusRecord): Promise<boolean> {
  const sql = `INSERT INTO event_buses (name, arn, description, creation_time) VALUES ($1, $2, $3, $4)
    ON CONFLICT (name) DO NOTHING`;
  return (await tx.count(sql, [bus.name, bus.arn, bus.description ?? null, bus.creationTime])) === 1;
}

export async function selectBus(tx: Tx, name: string): Promise<EventBusRecord | undefined> {
  const row = await tx.row('SELECT * FROM event_buses WHERE name = $1', [name]);
  return row === undefined ? undefined : busOf(row);
}

export async function selectBuses(
  tx: Tx,
  prefix: string | undefined,
  page: PageRequest,
): Promise<Page<EventBusRecord>> {
  const rows = await tx.rows(
    'SELECT * FROM event_buses WHERE seq > $1 AND starts_with(name, $2) ORDER BY seq LIMIT $3',
    [afterSeq(page.after, false), prefix ?? '', page.limit + 1],
  );
  return toPage(rows, page.limit, busOf);
}

export async function removeBus(tx: Tx, name: string): Promise<void> {
  await tx.count('DELETE FROM event_targets WHERE event_bus_name = $1', [name]);
  await tx.count('DELETE FROM event_rules WHERE event_bus_name = $1', [name]);
  await tx.count('DELETE FROM event_buses WHERE name = $1', [name]);
}

/** Creates or replaces a rule; its creation time stays that of the first put. */
export async function upsertRule(tx: Tx, rule: RuleRecord): Promise<RuleRecord> {
  const row = await tx.row(
    `INSERT INTO event_rules (event_bus_name, name, arn, event_pattern, schedule_expression, state, description,
       role_arn, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (event_bus_name, name) DO UPDATE SET event_pattern = excluded.event_pattern,
       schedule_expression = excluded.schedule_expression, state = excluded.state,
       description = excluded.description, role_arn = excluded.role_arn
     RETURNING created_at`,
    [
      rule.eventBusName,
      rule.name,
      rule.arn,
      rule.eventPattern ?? null,
      rule.scheduleExpression ?? null,
      rule.state,
      rule.description ?? null,
      rule.roleArn ?? null,
      rule.createdAt,
    ],
  );
  return { ...rule, createdAt: (row?.created_at as number | undefined) ?? rule.createdAt };
}

export async function selectRule(tx: Tx, bus: string, name: string): Promise<RuleRecord | undefined> {
  const row = await tx.row('SELECT * FROM event_rules WHERE event_bus_name = $1 AND name = $2', [bus, name]);
  return row === undefined ? undefined : ruleOf(row);
}

export async function selectRules(
  tx: Tx,
  bus: string,
  prefix: string | undefined,
  page: PageRequest,
): Promise<Page<RuleRecord>> {
  const rows = await tx.rows(
    `SELECT * FROM event_rules WHERE event_bus_name = $1 AND seq > $2 AND starts_with(name, $3)
     ORDER BY seq LIMIT $4`,
    [bus, afterSeq(page.after, false), prefix ?? '', page.limit + 1],
  );
  return toPage(rows, page.limit, ruleOf);
}

/** Enabled rules with targets: on one bus with a pattern (`bus` given), or with a schedule on every bus. */
export async function selectActiveRules(
  tx: Tx,
  bus: string | undefined,
): Promise<{ rule: RuleRecord; targets: TargetRecord[] }[]> {
  const condition =
    bus === undefined ? 'r.schedule_expression IS NOT NULL' : 'r.event_bus_name = $1 AND r.event_pattern IS NOT NULL';
  const rows = await tx.rows(
    `SELECT r.*, t.target FROM event_rules r JOIN event_targets t
       ON t.event_bus_name = r.event_bus_name AND t.rule_name = r.name
     WHERE r.state = 'ENABLED' AND ${condition} ORDER BY r.seq, t.id COLLATE "C"`,
    bus === undefined ? [] : [bus],
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

export async function removeRule(
  tx: Tx,
  bus: string,
  name: string,
  force: boolean,
): Promise<'deleted' | 'missing' | 'has-targets'> {
  // Locked, so that a PutTargets on another node waits for the delete and the check below holds.
  const rule = await tx.row('SELECT seq FROM event_rules WHERE event_bus_name = $1 AND name = $2 FOR UPDATE', [
    bus,
    name,
  ]);
  if (rule === undefined) return 'missing';
  const targets = await tx.row(
    'SELECT count(*)::int AS n FROM event_targets WHERE event_bus_name = $1 AND rule_name = $2',
    [bus, name],
  );
  if (!force && (targets?.n as number) > 0) return 'has-targets';
  await tx.count('DELETE FROM event_targets WHERE event_bus_name = $1 AND rule_name = $2', [bus, name]);
  await tx.count('DELETE FROM event_rules WHERE event_bus_name = $1 AND name = $2', [bus, name]);
  return 'deleted';
}

export async function updateRuleState(tx: Tx, bus: string, name: string, state: string): Promise<boolean> {
  const sql = 'UPDATE event_rules SET state = $1 WHERE event_bus_name = $2 AND name = $3';
  return (await tx.count(sql, [state, bus, name])) === 1;
}

export async function upsertTargets(tx: Tx, bus: string, rule: string, targets: TargetRecord[]): Promise<void> {
  for (const target of targets) {
    await tx.count(
      `INSERT INTO event_targets (event_bus_name, rule_name, id, target) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event_bus_name, rule_name, id) DO UPDATE SET target = excluded.target`,
      [bus, rule, target.Id, JSON.stringify(target)],
    );
  }
}

export async function deleteTargets(tx: Tx, bus: string, rule: string, ids: string[]): Promise<void> {
  const sql = 'DELETE FROM event_targets WHERE event_bus_name = $1 AND rule_name = $2 AND id = ANY($3)';
  await tx.count(sql, [bus, rule, ids]);
}

export async function selectTargets(tx: Tx, bus: string, rule: string): Promise<TargetRecord[]> {
  const rows = await tx.rows(
    'SELECT target FROM event_targets WHERE event_bus_name = $1 AND rule_name = $2 ORDER BY id COLLATE "C"',
    [bus, rule],
  );
  return rows.map((row) => JSON.parse(text(row, 'target')) as TargetRecord);
}
