// History as one row per commit (migration 0019) on a real PostgreSQL: a database at the schema before 0019
// is upgraded by opening it, its one-event rows (as Stepwise wrote them before) and the new rows of several
// events each are read alike, and every page size, forwards and in reverse, gives each event once, in order.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { startPostgresCluster, type PostgresCluster } from '../../testing/postgres-cluster.ts';
import { event, execution, machineArn } from '../store-fixtures.ts';
import type { Store } from '../store.ts';
import { loadPostgresMigrations, migratePostgres } from './migrate.ts';
import { openPostgresStore } from './postgres-store.ts';

let cluster: PostgresCluster | undefined;

before(async () => {
  cluster = await startPostgresCluster();
});

after(async () => {
  await cluster?.stop();
});

/** Every event id of an execution's history read `limit` at a time, following the tokens. */
async function pagedIds(store: Store, arn: string, limit: number, reverse: boolean): Promise<number[]> {
  const ids: number[] = [];
  let after: string | undefined;
  for (let page = 0; page < 20; page++) {
    const result = await store.getHistory(arn, { limit, reverse, ...(after === undefined ? {} : { after }) });
    ids.push(...result.items.map((item) => item.id));
    if (result.nextToken === undefined) return ids;
    after = result.nextToken;
  }
  throw new Error(`history of ${arn} did not end in 20 pages of ${String(limit)}`);
}

void it('upgrades a database from before 0019 and pages old one-event rows and new many-event rows alike', async () => {
  if (cluster === undefined) throw new Error('the PostgreSQL cluster did not start');
  const url = await cluster.createDatabase('history_rows');
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migratePostgres(
      pool,
      'test',
      loadPostgresMigrations().filter((migration) => migration.version !== 19),
    );
    const store = await openPostgresStore({ url });
    try {
      const versions = await pool.query('SELECT version FROM schema_migrations WHERE version = 19');
      assert.equal(versions.rowCount, 1, 'opening the store applied 0019');
      const e = execution('e1', machineArn('m'));
      await store.createExecution(e, { events: [1, 2, 3].map((id) => event(id)) });
      // The start's events as Stepwise wrote them before 0019: a row per event, each a JSON object.
      const seq = 'SELECT seq FROM executions WHERE arn = $1';
      await pool.query(`DELETE FROM history_events WHERE execution_seq = (${seq})`, [e.arn]);
      for (const id of [1, 2, 3]) {
        await pool.query(`INSERT INTO history_events (execution_seq, id, event) VALUES ((${seq}), $2, $3)`, [
          e.arn,
          id,
          JSON.stringify(event(id)),
        ]);
      }
      const steps = [[4, 5, 6], [7], [8, 9]];
      for (const [version, ids] of steps.entries()) {
        const commit = {
          executionArn: e.arn,
          expectedVersion: version,
          state: e.state,
          events: ids.map((id) => event(id)),
        };
        assert.equal(await store.commitStep(commit), 'committed');
      }
      const rows = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM history_events WHERE execution_seq = (${seq})`,
        [e.arn],
      );
      assert.equal(rows.rows[0]?.n, 6, 'three old rows and one row per commit');
      const all = [1, 2, 3, 4, 5, 6, 7, 8, 9];
      for (let limit = 1; limit <= 10; limit++) {
        assert.deepEqual(await pagedIds(store, e.arn, limit, false), all, `forwards, ${String(limit)} a page`);
        assert.deepEqual(
          await pagedIds(store, e.arn, limit, true),
          [...all].reverse(),
          `reverse, ${String(limit)} a page`,
        );
      }
      assert.deepEqual((await store.getHistory(e.arn, { limit: 1, after: '5' })).items, [event(6)]);
    } finally {
      await store.close();
    }
  } finally {
    await pool.end();
  }
});
