// The PostgreSQL store's catalog: state machines, versions, aliases, tags and activities.

import type { StateMachinePatch } from '../store.ts';
import type {
  ActivityRecord,
  AliasRecord,
  Page,
  PageRequest,
  StateMachineRecord,
  Tag,
  VersionRecord,
} from '../records.ts';
import { afterSeq, int, jsonColumn, nullable, text, toPage, withoutUndefined } from '../sqlite/db.ts';
import { activityOf, aliasOf, stateMachineOf, versionOf } from '../sqlite/catalog.ts';
import type { Tx } from './pg-db.ts';

export async function insertStateMachine(tx: Tx, m: StateMachineRecord, tags: Tag[]): Promise<boolean> {
  const changes = await tx.count(
    `INSERT INTO state_machines (arn, name, type, definition, role_arn, logging_configuration, tracing_configuration,
       description, revision_id, creation_date, update_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (arn) DO NOTHING`,
    [
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
    ],
  );
  if (changes > 0) await setTags(tx, m.arn, tags);
  return changes > 0;
}

export async function selectStateMachine(tx: Tx, arn: string, lock = false): Promise<StateMachineRecord | undefined> {
  const row = await tx.row(`SELECT * FROM state_machines WHERE arn = $1${lock ? ' FOR UPDATE' : ''}`, [arn]);
  return row === undefined ? undefined : stateMachineOf(row);
}

export async function selectStateMachines(
  tx: Tx,
  page: PageRequest,
  arnPrefix: string,
): Promise<Page<StateMachineRecord>> {
  const rows = await tx.rows(
    'SELECT * FROM state_machines WHERE seq > $1 AND starts_with(arn, $2) ORDER BY seq LIMIT $3',
    [afterSeq(page.after, false), arnPrefix, page.limit + 1],
  );
  return toPage(rows, page.limit, stateMachineOf);
}

export async function patchStateMachine(
  tx: Tx,
  arn: string,
  patch: StateMachinePatch,
): Promise<StateMachineRecord | undefined> {
  const current = await selectStateMachine(tx, arn, true);
  if (current === undefined) return undefined;
  const next: StateMachineRecord = { ...current, ...withoutUndefined(patch) };
  await tx.count(
    `UPDATE state_machines SET definition = $1, role_arn = $2, logging_configuration = $3, tracing_configuration = $4,
       revision_id = $5, update_date = $6 WHERE arn = $7`,
    [
      next.definition,
      next.roleArn,
      jsonColumn(next.loggingConfiguration),
      jsonColumn(next.tracingConfiguration),
      next.revisionId,
      nullable(next.updateDate),
      arn,
    ],
  );
  return next;
}

export async function removeStateMachine(tx: Tx, arn: string, onlyDeleting = false): Promise<boolean> {
  const machine = await selectStateMachine(tx, arn, true);
  if (machine === undefined || (onlyDeleting && machine.status !== 'DELETING')) return false;
  await removeVersionsAndAliases(tx, arn);
  await tx.count('DELETE FROM tags WHERE resource_arn = $1', [arn]);
  return (await tx.count('DELETE FROM state_machines WHERE arn = $1', [arn])) > 0;
}

export async function markStateMachineDeleting(tx: Tx, arn: string): Promise<boolean> {
  if ((await tx.count("UPDATE state_machines SET status = 'DELETING' WHERE arn = $1", [arn])) === 0) return false;
  await removeVersionsAndAliases(tx, arn);
  return true;
}

export async function selectDeletingStateMachines(tx: Tx): Promise<string[]> {
  const rows = await tx.rows("SELECT arn FROM state_machines WHERE status = 'DELETING'", []);
  return rows.map((row) => text(row, 'arn'));
}

async function removeVersionsAndAliases(tx: Tx, arn: string): Promise<void> {
  await tx.count(
    `DELETE FROM tags WHERE resource_arn IN (SELECT arn FROM versions WHERE state_machine_arn = $1
       UNION ALL SELECT arn FROM aliases WHERE state_machine_arn = $1)`,
    [arn],
  );
  await tx.count('DELETE FROM versions WHERE state_machine_arn = $1', [arn]);
  await tx.count('DELETE FROM aliases WHERE state_machine_arn = $1', [arn]);
}

/** Publishes the machine's revision; the machine's row is locked, so two nodes never take one number. */
export async function insertVersion(
  tx: Tx,
  machineArn: string,
  options: { description?: string; creationDate: number; expectedRevisionId?: string },
): Promise<VersionRecord | undefined> {
  const machine = await selectStateMachine(tx, machineArn, true);
  if (machine === undefined) return undefined;
  if (options.expectedRevisionId !== undefined && options.expectedRevisionId !== machine.revisionId) return undefined;
  const row = await tx.row(
    'UPDATE state_machines SET next_version = next_version + 1 WHERE arn = $1 RETURNING next_version - 1 AS version',
    [machineArn],
  );
  const version = int(row ?? {}, 'version');
  const record: VersionRecord = {
    arn: `${machineArn}:${String(version)}`,
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
  await tx.count(
    `INSERT INTO versions (arn, state_machine_arn, version, description, revision_id, type, definition, role_arn,
       logging_configuration, tracing_configuration, creation_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
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
    ],
  );
  return withoutUndefined(record);
}

export async function selectVersion(tx: Tx, arn: string): Promise<VersionRecord | undefined> {
  const row = await tx.row('SELECT * FROM versions WHERE arn = $1', [arn]);
  return row === undefined ? undefined : versionOf(row);
}

export async function selectVersions(tx: Tx, machineArn: string, page: PageRequest): Promise<Page<VersionRecord>> {
  const rows = await tx.rows(
    'SELECT * FROM versions WHERE state_machine_arn = $1 AND version < $2::bigint ORDER BY version DESC LIMIT $3',
    [machineArn, afterSeq(page.after, true), page.limit + 1],
  );
  return toPage(rows, page.limit, versionOf, 'version');
}

export async function removeVersion(tx: Tx, arn: string): Promise<boolean> {
  await tx.count('DELETE FROM tags WHERE resource_arn = $1', [arn]);
  return (await tx.count('DELETE FROM versions WHERE arn = $1', [arn])) > 0;
}

export async function insertAlias(tx: Tx, alias: AliasRecord, tags: Tag[]): Promise<boolean> {
  const changes = await tx.count(
    `INSERT INTO aliases (arn, state_machine_arn, name, description, routing_configuration, creation_date, update_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (arn) DO NOTHING`,
    [
      alias.arn,
      alias.stateMachineArn,
      alias.name,
      nullable(alias.description),
      JSON.stringify(alias.routingConfiguration),
      alias.creationDate,
      nullable(alias.updateDate),
    ],
  );
  if (changes > 0) await setTags(tx, alias.arn, tags);
  return changes > 0;
}

export async function selectAlias(tx: Tx, arn: string, lock = false): Promise<AliasRecord | undefined> {
  const row = await tx.row(`SELECT * FROM aliases WHERE arn = $1${lock ? ' FOR UPDATE' : ''}`, [arn]);
  return row === undefined ? undefined : aliasOf(row);
}

export async function patchAlias(
  tx: Tx,
  arn: string,
  patch: Partial<Pick<AliasRecord, 'description' | 'routingConfiguration'>> & { updateDate: number },
): Promise<AliasRecord | undefined> {
  const current = await selectAlias(tx, arn, true);
  if (current === undefined) return undefined;
  const next = { ...current, ...withoutUndefined(patch) };
  await tx.count('UPDATE aliases SET description = $1, routing_configuration = $2, update_date = $3 WHERE arn = $4', [
    nullable(next.description),
    JSON.stringify(next.routingConfiguration),
    next.updateDate,
    arn,
  ]);
  return next;
}

export async function selectAliases(tx: Tx, machineArn: string, page: PageRequest): Promise<Page<AliasRecord>> {
  const rows = await tx.rows('SELECT * FROM aliases WHERE state_machine_arn = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
    machineArn,
    afterSeq(page.after, false),
    page.limit + 1,
  ]);
  return toPage(rows, page.limit, aliasOf);
}

export async function removeAlias(tx: Tx, arn: string): Promise<boolean> {
  await tx.count('DELETE FROM tags WHERE resource_arn = $1', [arn]);
  return (await tx.count('DELETE FROM aliases WHERE arn = $1', [arn])) > 0;
}

export async function selectTags(tx: Tx, arn: string): Promise<Tag[]> {
  const rows = await tx.rows('SELECT key, value FROM tags WHERE resource_arn = $1 ORDER BY seq', [arn]);
  return rows.map((row) => ({ key: text(row, 'key'), value: text(row, 'value') }));
}

export async function setTags(tx: Tx, arn: string, tags: Tag[]): Promise<void> {
  for (const tag of tags) {
    await tx.count(
      `INSERT INTO tags (resource_arn, key, value) VALUES ($1, $2, $3)
       ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
      [arn, tag.key, tag.value],
    );
  }
}

export async function removeTags(tx: Tx, arn: string, keys: string[]): Promise<void> {
  await tx.count('DELETE FROM tags WHERE resource_arn = $1 AND key = ANY($2)', [arn, keys]);
}

export async function insertActivity(tx: Tx, activity: ActivityRecord, tags: Tag[]): Promise<boolean> {
  const changes = await tx.count(
    `INSERT INTO activities (arn, name, creation_date, encryption_configuration) VALUES ($1, $2, $3, $4)
     ON CONFLICT (arn) DO NOTHING`,
    [activity.arn, activity.name, activity.creationDate, jsonColumn(activity.encryptionConfiguration)],
  );
  if (changes > 0) await setTags(tx, activity.arn, tags);
  return changes > 0;
}

export async function selectActivity(tx: Tx, arn: string): Promise<ActivityRecord | undefined> {
  const row = await tx.row('SELECT * FROM activities WHERE arn = $1', [arn]);
  return row === undefined ? undefined : activityOf(row);
}

export async function selectActivities(tx: Tx, page: PageRequest, arnPrefix: string): Promise<Page<ActivityRecord>> {
  const rows = await tx.rows('SELECT * FROM activities WHERE seq > $1 AND starts_with(arn, $2) ORDER BY seq LIMIT $3', [
    afterSeq(page.after, false),
    arnPrefix,
    page.limit + 1,
  ]);
  return toPage(rows, page.limit, activityOf);
}

export async function removeActivity(tx: Tx, arn: string): Promise<boolean> {
  await tx.count('DELETE FROM tags WHERE resource_arn = $1', [arn]);
  return (await tx.count('DELETE FROM activities WHERE arn = $1', [arn])) > 0;
}
