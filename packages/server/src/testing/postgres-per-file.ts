// The PostgreSQL set-up the store tests share: one throwaway cluster for the test file, started before its
// tests and stopped after them (even when they fail), and a fresh database for each store a test opens.

import { after, before } from 'node:test';
import { openPostgresStore } from '../store/postgres/postgres-store.ts';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.ts';

export interface PostgresPerFile {
  /** A new, empty database's URL, named `PREFIX_N`. */
  fresh(): Promise<string>;
  /** A new database migrated to this Stepwise's schema (for stores that do not migrate it themselves). */
  migrated(): Promise<string>;
  /** The cluster itself, once started (to stop it or reach its `postgres` database). */
  cluster(): PostgresCluster;
}

/** Registers the file's `before` and `after` hooks; call it at the top level of a test file. */
export function postgresPerFile(prefix: string): PostgresPerFile {
  let started: PostgresCluster | undefined;
  let databases = 0;
  before(async () => {
    started = await startPostgresCluster();
  });
  after(async () => {
    await started?.stop();
  });
  const cluster = (): PostgresCluster => {
    if (started === undefined) throw new Error('the PostgreSQL cluster did not start');
    return started;
  };
  const fresh = (): Promise<string> => {
    databases += 1;
    return cluster().createDatabase(`${prefix}_${String(databases)}`);
  };
  return {
    fresh,
    migrated: async () => {
      const url = await fresh();
      await (await openPostgresStore({ url })).close();
      return url;
    },
    cluster,
  };
}
