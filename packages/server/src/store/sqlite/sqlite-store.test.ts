// The SQLite store: the shared Store contract, plus what only a file-backed store has (lock, reopen,
// migrations).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { logStoreContract } from '../log-store-contract.ts';
import { storeContract } from '../store-contract.ts';
import { triggerStoreContract } from '../trigger-store-contract.ts';
import { execution, machine, machineArn, timer } from '../store-fixtures.ts';
import { DatabaseLockedError } from './lock.ts';
import { loadMigrations, migrate, SchemaTooNewError } from './migrate.ts';
import { openSqliteStore, sqliteTriggerStore } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-store-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let files = 0;
const freshFile = (): string => join(dir, `db${++files}.sqlite`);

storeContract('sqlite file', { open: () => Promise.resolve(openSqliteStore({ file: freshFile() })) });
storeContract('sqlite :memory:', { open: () => Promise.resolve(openSqliteStore({ file: ':memory:' })) });
logStoreContract('sqlite file', { open: () => Promise.resolve(openSqliteStore({ file: freshFile() })) });
triggerStoreContract('sqlite file', {
  open: () => {
    const store = openSqliteStore({ file: freshFile() });
    return Promise.resolve({ triggers: sqliteTriggerStore(store), close: () => store.close() });
  },
});

describe('SQLite store', () => {
  it('refuses a second store on the same file with a clear message, and allows it once the first closes', async () => {
    const file = freshFile();
    const first = openSqliteStore({ file });
    assert.throws(
      () => openSqliteStore({ file }),
      (error: unknown) => {
        assert.ok(error instanceof DatabaseLockedError);
        assert.match(error.message, /another Stepwise server is using .*db\d+\.sqlite/);
        return true;
      },
    );
    await first.close();
    await openSqliteStore({ file }).close();
  });

  it('keeps everything across a reopen and frees leases left by the previous process', async () => {
    const file = freshFile();
    const e = execution('e1', machineArn('m'));
    const first = openSqliteStore({ file });
    await first.createStateMachine(machine('m'));
    await first.createExecution(e, { events: [], addWork: [timer(e.arn, '0:1', 10)] });
    assert.equal((await first.claimWork({ owner: 'dead', now: 10, leaseUntil: 1e12, limit: 1 })).length, 1);
    await first.close();
    const second = openSqliteStore({ file });
    assert.equal((await second.getStateMachine(machineArn('m')))?.name, 'm');
    assert.deepEqual((await second.getExecution(e.arn))?.state, e.state);
    const reclaimed = await second.claimWork({ owner: 'new', now: 10, leaseUntil: 20, limit: 1 });
    assert.deepEqual(
      reclaimed.map((w) => [w.id, w.attempts]),
      [[`${e.arn}#0:1`, 2]],
    );
    await second.close();
  });

  it('applies each migration once and refuses a schema newer than it knows', () => {
    const db = new Database(':memory:');
    const migrations = loadMigrations();
    assert.equal(migrations[0]?.version, 1);
    assert.deepEqual(
      migrate(db, 'x'),
      migrations.map((m) => m.version),
    );
    assert.deepEqual(migrate(db, 'x'), []);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, ?, 0)').run('future');
    assert.throws(() => migrate(db, 'x.sqlite'), SchemaTooNewError);
    db.close();
  });

  it('applies a migration numbered below one already applied (numbers are assigned ahead to parallel work)', () => {
    const db = new Database(':memory:');
    const migrations = loadMigrations();
    const status = migrations.find((m) => m.name.includes('state_machine_status'));
    assert.ok(status !== undefined);
    const later = migrations.filter((m) => m.version !== status.version);
    assert.ok(later.some((m) => m.version > status.version));
    migrate(db, 'x', later);
    assert.deepEqual(migrate(db, 'x', migrations), [status.version]);
    assert.equal(
      (db.prepare("SELECT count(*) AS n FROM state_machines WHERE status = 'ACTIVE'").get() as { n: number }).n,
      0,
    );
    db.close();
  });

  it('moves executions and history written before migration 3 to shared definitions and integer keys', async () => {
    const file = freshFile();
    const old = new Database(file);
    migrate(old, file, loadMigrations().slice(0, 2));
    const e = execution('e1', machineArn('m'));
    const insert = old.prepare(
      `INSERT INTO executions (seq, arn, name, state_machine_arn, definition, revision_id, role_arn, status, input,
         start_date, state, version) VALUES (?, ?, ?, ?, ?, 'r1', ?, 'RUNNING', '{}', 1, ?, 3)`,
    );
    for (const [seq, suffix] of [
      [1, ''],
      [2, '-deleted'],
    ] as const) {
      insert.run(seq, e.arn + suffix, e.name, e.stateMachineArn, e.definition, e.roleArn, JSON.stringify(e.state));
    }
    old.prepare('DELETE FROM executions WHERE seq = 2').run();
    const event = (id: number): string => JSON.stringify({ id, type: 'PassStateEntered', timestamp: id });
    for (const id of [1, 2, 3]) {
      old.prepare('INSERT INTO history_events (execution_arn, id, event) VALUES (?, ?, ?)').run(e.arn, id, event(id));
    }
    old.close();

    const store = openSqliteStore({ file });
    const migrated = await store.getExecution(e.arn);
    assert.equal(migrated?.definition, e.definition);
    assert.equal(migrated.version, 3);
    assert.deepEqual(
      (await store.getHistory(e.arn, { limit: 10 })).items.map((x) => x.id),
      [1, 2, 3],
    );
    const next = execution('e2', machineArn('m'));
    await store.createExecution(next, { events: [] });
    const listed = await store.listExecutions({}, { limit: 10 });
    assert.deepEqual(
      listed.items.map((x) => [x.arn, x.definition]),
      [
        [next.arn, next.definition],
        [e.arn, e.definition],
      ],
    );
    await store.close();
    const raw = new Database(file);
    // The deleted execution's seq is not given again, and both executions share one definition row.
    assert.deepEqual(raw.prepare('SELECT seq FROM executions ORDER BY seq').pluck().all(), [1, 3]);
    assert.equal(raw.prepare('SELECT count(*) FROM definitions').pluck().get(), 1);
    raw.close();
  });

  it('rejects calls after close', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    await store.close();
    await assert.rejects(store.getStateMachine('x'), /closed/);
  });
});
