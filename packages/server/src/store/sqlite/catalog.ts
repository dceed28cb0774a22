// The SQLite store's catalog: state machines, versions, aliases, tags and activities.

import type { StateMachinePatch } from '../store.ts';
import type {
  ActivityRecord,
  AliasRecord,
  Page,
  PageRequest,
  RoutingEntry,
  StateMachineRecord,
  StateMachineType,
  Tag,
  VersionRecord,
} from '../records.ts';
import {
  afterSeq,
  int,
  jsonColumn,
  nullable,
  optionalInt,
  optionalJson,
  optionalText,
  text,
  toPage,
  type Db,
  withoutUndefined,
  type Row,
} from './db.ts';

export function insertStateMachine(db: Db, m: StateMachineRecord, tags: Tag[]): boolean {
  const changes = db.run(
    `INSERT INTO state_machines (arn, name, type, definition, role_arn, logging_configuration, tracing_configuration,
       description, revision_id, creation_date, update_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (arn) DO NOTHING`,
    m.arn,
    m.name,
    m.type,
    m.definition,
    m.roleArn,
    jsonColumn(m.loggingConfiguration),
    jsonColumn(m.tracingConfiguration),
    nullable(m.description),
    m.revisionId,
    m.creationDate,
    nullable(m.updateDate),
  );
  if (changes > 0) setTags(db, m.arn, tags);
  return changes > 0;
}

export function selectStateMachine(db: Db, arn: string): StateMachineRecord | undefined {
  const row = db.get('SELECT * FROM state_machines WHERE arn = ?', arn);
  return row === undefined ? undefined : stateMachineOf(row);
}

export function selectStateMachines(db: Db, page: PageRequest, arnPrefix: string): Page<StateMachineRecord> {
  const rows = db.all(
    'SELECT * FROM state_machines WHERE seq > ? AND substr(arn, 1, length(?)) = ? ORDER BY seq LIMIT ?',
    afterSeq(page.after, false),
    arnPrefix,
    arnPrefix,
    page.limit + 1,
  );
  return toPage(rows, page.limit, stateMachineOf);
}

export function patchStateMachine(db: Db, arn: string, patch: StateMachinePatch): StateMachineRecord | undefined {
  const current = selectStateMachine(db, arn);
  if (current === undefined) return undefined;
  const next: StateMachineRecord = { ...current, ...withoutUndefined(patch) };
  db.run(
    `UPDATE state_machines SET definition = ?, role_arn = ?, logging_configuration = ?, tracing_configuration = ?,
       revision_id = ?, update_date = ? WHERE arn = ?`,
    next.definition,
    next.roleArn,
    jsonColumn(next.loggingConfiguration),
    jsonColumn(next.tracingConfiguration),
    next.revisionId,
    nullable(next.updateDate),
    arn,
  );
  return next;
}

export function removeStateMachine(db: Db, arn: string, onlyDeleting = false): boolean {
  if (onlyDeleting && db.get("SELECT 1 FROM state_machines WHERE arn = ? AND status = 'DELETING'", arn) === undefined)
    return false;
  removeVersionsAndAliases(db, arn);
  db.run('DELETE FROM tags WHERE resource_arn = ?', arn);
  return db.run('DELETE FROM state_machines WHERE arn = ?', arn) > 0;
}

export function markStateMachineDeleting(db: Db, arn: string): boolean {
  if (db.run("UPDATE state_machines SET status = 'DELETING' WHERE arn = ?", arn) === 0) return false;
  removeVersionsAndAliases(db, arn);
  return true;
}

export function selectDeletingStateMachines(db: Db): string[] {
  return db.all("SELECT arn FROM state_machines WHERE status = 'DELETING'").map((row) => text(row, 'arn'));
}

function removeVersionsAndAliases(db: Db, arn: string): void {
  const versions = db.all('SELECT arn FROM versions WHERE state_machine_arn = ?', arn);
  const aliases = db.all('SELECT arn FROM aliases WHERE state_machine_arn = ?', arn);
  for (const row of [...versions, ...aliases]) db.run('DELETE FROM tags WHERE resource_arn = ?', text(row, 'arn'));
  db.run('DELETE FROM versions WHERE state_machine_arn = ?', arn);
  db.run('DELETE FROM aliases WHERE state_machine_arn = ?', arn);
}

export function insertVersion(
  db: Db,
  machineArn: string,
  options: { description?: string; creationDate: number; expectedRevisionId?: string },
): VersionRecord | undefined {
  const machine = selectStateMachine(db, machineArn);
  if (machine === undefined) return undefined;
  if (options.expectedRevisionId !== undefined && options.expectedRevisionId !== machine.revisionId) return undefined;
  const row = db.get('SELECT next_version FROM state_machines WHERE arn = ?', machineArn);
  const version = int(row ?? {}, 'next_version');
  const record: VersionRecord = {
    arn: `${machineArn}:${version}`,
    stateMachineArn: machineArn,
    version,
    description: options.description,
    revisionId: machine.revisionId,
    type: machine.type,
    definition: machine.definition,
    roleArn: machine.roleArn,
    loggingConfiguration: machine.loggingConfiguration,
    tracingConfiguration: machine.tracingConfiguration,
    creationDate: options.creationDate,
  };
  db.run('UPDATE state_machines SET next_version = ? WHERE arn = ?', version + 1, machineArn);
  db.run(
    `INSERT INTO versions (arn, state_machine_arn, version, description, revision_id, type, definition, role_arn,
       logging_configuration, tracing_configuration, creation_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    record.arn,
    machineArn,
    version,
    nullable(record.description),
    record.revisionId,
    record.type,
    record.definition,
    record.roleArn,
    jsonColumn(record.loggingConfiguration),
    jsonColumn(record.tracingConfiguration),
    record.creationDate,
  );
  return withoutUndefined(record);
}

export function selectVersion(db: Db, arn: string): VersionRecord | undefined {
  const row = db.get('SELECT * FROM versions WHERE arn = ?', arn);
  return row === undefined ? undefined : versionOf(row);
}

export function selectVersions(db: Db, machineArn: string, page: PageRequest): Page<VersionRecord> {
  const rows = db.all(
    'SELECT * FROM versions WHERE state_machine_arn = ? AND version < ? ORDER BY version DESC LIMIT ?',
    machineArn,
    afterSeq(page.after, true),
    page.limit + 1,
  );
  return toPage(rows, page.limit, versionOf, 'version');
}

export function removeVersion(db: Db, arn: string): boolean {
  db.run('DELETE FROM tags WHERE resource_arn = ?', arn);
  return db.run('DELETE FROM versions WHERE arn = ?', arn) > 0;
}

export function insertAlias(db: Db, alias: AliasRecord, tags: Tag[]): boolean {
  const changes = db.run(
    `INSERT INTO aliases (arn, state_machine_arn, name, description, routing_configuration, creation_date, update_date)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING`,
    alias.arn,
    alias.stateMachineArn,
    alias.name,
    nullable(alias.description),
    JSON.stringify(alias.routingConfiguration),
    alias.creationDate,
    nullable(alias.updateDate),
  );
  if (changes > 0) setTags(db, alias.arn, tags);
  return changes > 0;
}

export function selectAlias(db: Db, arn: string): AliasRecord | undefined {
  const row = db.get('SELECT * FROM aliases WHERE arn = ?', arn);
  return row === undefined ? undefined : aliasOf(row);
}

export function patchAlias(
  db: Db,
  arn: string,
  patch: Partial<Pick<AliasRecord, 'description' | 'routingConfiguration'>> & { updateDate: number },
): AliasRecord | undefined {
  const current = selectAlias(db, arn);
  if (current === undefined) return undefined;
  const next = { ...current, ...withoutUndefined(patch) };
  db.run(
    'UPDATE aliases SET description = ?, routing_configuration = ?, update_date = ? WHERE arn = ?',
    nullable(next.description),
    JSON.stringify(next.routingConfiguration),
    next.updateDate,
    arn,
  );
  return next;
}

export function selectAliases(db: Db, machineArn: string, page: PageRequest): Page<AliasRecord> {
  const rows = db.all(
    'SELECT * FROM aliases WHERE state_machine_arn = ? AND seq > ? ORDER BY seq LIMIT ?',
    machineArn,
    afterSeq(page.after, false),
    page.limit + 1,
  );
  return toPage(rows, page.limit, aliasOf);
}

export function removeAlias(db: Db, arn: string): boolean {
  db.run('DELETE FROM tags WHERE resource_arn = ?', arn);
  return db.run('DELETE FROM aliases WHERE arn = ?', arn) > 0;
}

export function selectTags(db: Db, arn: string): Tag[] {
  return db
    .all('SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY seq', arn)
    .map((row) => ({ key: text(row, 'key'), value: text(row, 'value') }));
}

export function setTags(db: Db, arn: string, tags: Tag[]): void {
  for (const tag of tags) {
    db.run(
      `INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?)
       ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
      arn,
      tag.key,
      tag.value,
    );
  }
}

export function removeTags(db: Db, arn: string, keys: string[]): void {
  for (const key of keys) db.run('DELETE FROM tags WHERE resource_arn = ? AND key = ?', arn, key);
}

export function insertActivity(db: Db, activity: ActivityRecord, tags: Tag[]): boolean {
  const changes = db.run(
    `INSERT INTO activities (arn, name, creation_date, encryption_configuration) VALUES (?, ?, ?, ?)
     ON CONFLICT (arn) DO NOTHING`,
    activity.arn,
    activity.name,
    activity.creationDate,
    jsonColumn(activity.encryptionConfiguration),
  );
  if (changes > 0) setTags(db, activity.arn, tags);
  return changes > 0;
}

export function selectActivity(db: Db, arn: string): ActivityRecord | undefined {
  const row = db.get('SELECT * FROM activities WHERE arn = ?', arn);
  return row === undefined ? undefined : activityOf(row);
}

export function selectActivities(db: Db, page: PageRequest, arnPrefix: string): Page<ActivityRecord> {
  const rows = db.all(
    'SELECT * FROM activities WHERE seq > ? AND substr(arn, 1, length(?)) = ? ORDER BY seq LIMIT ?',
    afterSeq(page.after, false),
    arnPrefix,
    arnPrefix,
    page.limit + 1,
  );
  return toPage(rows, page.limit, activityOf);
}

export function removeActivity(db: Db, arn: string): boolean {
  db.run('DELETE FROM tags WHERE resource_arn = ?', arn);
  return db.run('DELETE FROM activities WHERE arn = ?', arn) > 0;
}

export function stateMachineOf(row: Row): StateMachineRecord {
  return withoutUndefined({
    arn: text(row, 'arn'),
    name: text(row, 'name'),
    type: text(row, 'type') as StateMachineType,
    definition: text(row, 'definition'),
    roleArn: text(row, 'role_arn'),
    loggingConfiguration: optionalJson(row, 'logging_configuration'),
    tracingConfiguration: optionalJson(row, 'tracing_configuration'),
    description: optionalText(row, 'description'),
    revisionId: text(row, 'revision_id'),
    creationDate: int(row, 'creation_date'),
    updateDate: optionalInt(row, 'update_date'),
    status: row.status === 'DELETING' ? 'DELETING' : undefined,
  });
}

export function versionOf(row: Row): VersionRecord {
  return withoutUndefined({
    arn: text(row, 'arn'),
    stateMachineArn: text(row, 'state_machine_arn'),
    version: int(row, 'version'),
    description: optionalText(row, 'description'),
    revisionId: text(row, 'revision_id'),
    type: text(row, 'type') as StateMachineType,
    definition: text(row, 'definition'),
    roleArn: text(row, 'role_arn'),
    loggingConfiguration: optionalJson(row, 'logging_configuration'),
    tracingConfiguration: optionalJson(row, 'tracing_configuration'),
    creationDate: int(row, 'creation_date'),
  });
}

export function aliasOf(row: Row): AliasRecord {
  return withoutUndefined({
    arn: text(row, 'arn'),
    stateMachineArn: text(row, 'state_machine_arn'),
    name: text(row, 'name'),
    description: optionalText(row, 'description'),
    routingConfiguration: JSON.parse(text(row, 'routing_configuration')) as RoutingEntry[],
    creationDate: int(row, 'creation_date'),
    updateDate: optionalInt(row, 'update_date'),
  });
}

export function activityOf(row: Row): ActivityRecord {
  return withoutUndefined({
    arn: text(row, 'arn'),
    name: text(row, 'name'),
    creationDate: int(row, 'creation_date'),
    encryptionConfiguration: optionalJson(row, 'encryption_configuration'),
  });
}
