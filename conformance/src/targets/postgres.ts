// The PostgreSQL target: the sqlite target's cases on the durable runtime, over a PostgreSQL store in a
// throwaway cluster started on first use. One database serves every case, emptied before each (every
// table but the migrations'), so a case sees exactly what it would on a fresh SQLite file.

import pg from 'pg';
import { openPostgresStore, type Store } from 'stepwise';
import { startPostgresCluster, type PostgresCluster } from 'stepwise/testing';
import type { ConformanceCase } from '../case.ts';
import type { Target, TargetResult } from '../target.ts';
import { runDurableCase } from './sqlite.ts';

interface Database {
  cluster: PostgresCluster;
  store: Store;
  admin: pg.Client;
}

let database: Promise<Database> | undefined;

async function openDatabase(): Promise<Database> {
  const cluster = await startPostgresCluster();
  try {
    const url = await cluster.createDatabase('conformance');
    const store = await openPostgresStore({ url });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    return { cluster, store, admin };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/**
 * Empties every table but the migrations' (those other migrations add included) and `definitions`: a
 * definition's row is never changed or deleted, so the store keeps the ids it has seen (one-round-trip.ts);
 * emptying it under the open store would hand later starts ids of rows that are gone.
 */
async function empty(admin: pg.Client): Promise<void> {
  const tables = await admin.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
       AND tablename NOT IN ('schema_migrations', 'definitions')`,
  );
  const names = tables.rows.map((row) => `"${row.tablename}"`).join(', ');
  if (names !== '') await admin.query(`TRUNCATE ${names} RESTART IDENTITY`);
}

/** The store on the shared database, emptied (the cluster started on first use). */
export async function emptiedPostgresStore(): Promise<Store> {
  database ??= openDatabase();
  const { store, admin } = await database;
  await empty(admin);
  return store;
}

function runCase(c: ConformanceCase): Promise<TargetResult> {
  return runDurableCase(c, async (run) => run(await emptiedPostgresStore()));
}

/** Stops the cluster (if a case started it) and removes its files. */
export async function closePostgresDatabase(): Promise<void> {
  const opened = database;
  database = undefined;
  if (opened === undefined) return;
  const { cluster, store, admin } = await opened;
  await admin.end();
  await store.close();
  await cluster.stop();
}

/** Starts the cluster before the first case, so that its start-up counts against no case's time limit. */
export async function openPostgresDatabase(): Promise<void> {
  database ??= openDatabase();
  await database;
}

export const postgresTarget: Target = {
  name: 'postgres',
  open: openPostgresDatabase,
  run: runCase,
  close: closePostgresDatabase,
};
