// The PostgreSQL set-up the postgres workloads share: a throwaway cluster for the workload's run, stopped at
// its end whatever happens (or the reason PostgreSQL is not available here), and `stepwise serve --database`
// nodes on a fresh database of it.

import pg from 'pg';
import { PostgresUnavailableError, startPostgresCluster, type PostgresCluster } from 'stepwise/testing';
import { startServer, type BenchServer } from './server.ts';
import type { DatabaseSide } from './workloads/durable.ts';

/** Why the workload could not run: no PostgreSQL on this machine (the message says what is missing). */
export interface PostgresUnavailable {
  unavailable: string;
}

/** Runs `work` on a throwaway cluster (with `settings`) and stops it after; the reason instead when PostgreSQL is unavailable. */
export async function onPostgresCluster<T>(
  work: (cluster: PostgresCluster) => Promise<T>,
  settings?: Parameters<typeof startPostgresCluster>[0],
): Promise<T | PostgresUnavailable> {
  let cluster: PostgresCluster;
  try {
    cluster = await startPostgresCluster(settings);
  } catch (error) {
    if (!(error instanceof PostgresUnavailableError)) throw error;
    return { unavailable: error.message };
  }
  try {
    return await work(cluster);
  } finally {
    await cluster.stop();
  }
}

export function isUnavailable(value: unknown): value is PostgresUnavailable {
  return typeof value === 'object' && value !== null && 'unavailable' in value;
}

/**
 * `count` servers (`stepwise serve --database URL`) on a new database `database` of the cluster: the nodes of
 * one Stepwise. If one fails to start, those already started are stopped.
 */
export async function startPostgresServers(
  cluster: PostgresCluster,
  database: string,
  count: number,
): Promise<BenchServer[]> {
  const url = await cluster.createDatabase(database);
  const servers: BenchServer[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await startServer(['--database', url]));
    return servers;
  } catch (error) {
    for (const server of servers) await server.stop();
    throw error;
  }
}

/**
 * The bench's view of a database of `cluster` (durable.ts's DatabaseSide): the cluster's CPU, and settling
 * the work PostgreSQL defers past a run: dead row versions left by updates and deletes (VACUUM) and dirtied
 * pages (CHECKPOINT). SQLite does that work inside the run (a deleted row's space is free at once, the WAL
 * is copied into the database every 1,000 pages). Only after a run: a checkpoint before it would make the
 * run write a full image of every older page it touches first, which a server checkpointing every few
 * minutes pays once per checkpoint, not once per 3,000 executions; a VACUUM before it would record the
 * work table as nearly empty, and plans made from that (a scan of the table for a lookup by id) would
 * last the whole run (autovacuum's ANALYZE corrects them within a minute on a server).
 */
export function databaseSide(cluster: PostgresCluster, url: string): DatabaseSide {
  return {
    cpuSeconds: () => cluster.cpuSeconds(),
    settle: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('VACUUM');
        await client.query('CHECKPOINT');
      } finally {
        await client.end();
      }
    },
  };
}
