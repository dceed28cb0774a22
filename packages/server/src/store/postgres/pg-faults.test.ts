// PostgreSQL faults as storage faults: the codes and words mapped, and on a real cluster a store whose
// connections are cut serves again on new ones, and one whose server is gone rejects with a StorageFault
// naming the database (503 ServiceUnavailable at the API) rather than a raw socket error.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import pg from 'pg';
import { startPostgresCluster } from '../../testing/postgres-cluster.ts';
import { StorageFault } from '../storage-fault.ts';
import { pgStorageFaultOf } from './pg-faults.ts';
import { openPostgresStore } from './postgres-store.ts';

const coded = (code: string): Error => Object.assign(new Error(code), { code });
const where = 'postgres://stepwise@127.0.0.1:5432/db';

it('names lost connections, a full disk and a read-only database; other errors are not faults', () => {
  const conditionOf = (error: Error) => pgStorageFaultOf(error, where)?.condition;
  assert.equal(conditionOf(coded('ECONNREFUSED')), 'the database cannot be reached');
  assert.equal(conditionOf(coded('57P01')), 'the database cannot be reached');
  assert.equal(conditionOf(coded('08006')), 'the database cannot be reached');
  assert.equal(conditionOf(new Error('Connection terminated unexpectedly')), 'the connection to the database was lost');
  assert.equal(conditionOf(coded('53100')), 'the disk is full');
  assert.equal(conditionOf(coded('25006')), 'the database is read-only');
  assert.equal(conditionOf(coded('23505')), undefined);
  assert.equal(conditionOf(coded('ENOENT')), undefined, 'a file error is not the database server');
  assert.equal(conditionOf(new Error('something else')), undefined);
});

it('cut connections: the store serves again on new ones; the server gone: a StorageFault naming it', async () => {
  const cluster = await startPostgresCluster();
  let stopped = false;
  const url = await cluster.createDatabase('faults');
  const store = await openPostgresStore({ url });
  try {
    assert.equal(await store.getStateMachine('arn:none'), undefined);
    const admin = new pg.Client({ connectionString: cluster.urlOf('postgres') });
    await admin.connect();
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'faults' AND pid <> pg_backend_pid()",
    );
    await admin.end();
    // A pooled connection may have been cut under its next query: that call fails as a fault, the next serves.
    const afterCut = await store.getStateMachine('arn:none').then(
      () => 'served',
      (error: unknown) => (error instanceof StorageFault ? 'fault' : String(error)),
    );
    assert.ok(afterCut === 'served' || afterCut === 'fault', afterCut);
    assert.equal(await store.getStateMachine('arn:none'), undefined);
    await cluster.stop();
    stopped = true;
    const refused = await store.getStateMachine('arn:none').then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof StorageFault, String(refused));
    assert.match(refused.message, /the (database cannot be reached|connection to the database was lost)/);
    assert.ok(refused.message.includes('127.0.0.1'), refused.message);
  } finally {
    await store.close().catch(() => undefined);
    if (!stopped) await cluster.stop();
  }
});
