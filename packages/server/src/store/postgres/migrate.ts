// Applies the PostgreSQL store's numbered SQL migrations (migrations/NNNN_name.sql) in order, in one
// transaction under an advisory lock, so that nodes starting together migrate once; a database written by
// a newer Stepwise (a migration this code does not know) is refused rather than guessed at.

import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';
import { SchemaTooNewError, type Migration } from '../sqlite/migrate.ts';
import { transaction } from './pg-db.ts';

const migrationsDir = new URL('./migrations/', import.meta.url);

/** Any fixed number: the key of the advisory lock held while migrating. */
const migrationLock = 0x5374_6570;

export function loadPostgresMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(new URL(file, migrationsDir), 'utf8'),
    }));
}

/** Brings the schema up to date; returns the versions applied. `where` names the database in errors. */
export async function migratePostgres(
  pool: pg.Pool,
  where: string,
  migrations = loadPostgresMigrations(),
): Promise<number[]> {
  return transaction(pool, async (tx) => {
    await tx.rows('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    await tx.rows(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
    );
    const row = await tx.row('SELECT max(version) AS version FROM schema_migrations');
    const current = (row?.version as number | null) ?? 0;
    const known = migrations.at(-1)?.version ?? 0;
    if (current > known) throw new SchemaTooNewError(where, current, known);
    // Numbers are assigned ahead to parallel branches: every migration not recorded is applied, not only
    // those above the highest recorded.
    const done = new Set((await tx.rows('SELECT version FROM schema_migrations')).map((r) => r.version as number));
    const applied: number[] = [];
    // One transaction for all: DDL is transactional in PostgreSQL, and a node never sees half a schema.
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await tx.rows(migration.sql);
      await tx.rows('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
