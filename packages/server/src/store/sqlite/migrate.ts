// Applies the numbered SQL migrations of migrations/ in order, each in its own transaction, and refuses
// a database written by a newer Stepwise (a migration it does not know), rather than guessing.

import { readdirSync, readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';

const migrationsDir = new URL('./migrations/', import.meta.url);

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migration files, `NNNN_name.sql`, in version order. */
export function loadMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(new URL(file, migrationsDir), 'utf8'),
    }));
}

export class SchemaTooNewError extends Error {
  constructor(file: string, version: number, known: number) {
    super(`${file} has schema version ${version}, newer than this Stepwise knows (${known}): upgrade Stepwise`);
    this.name = 'SchemaTooNewError';
  }
}

/** Brings the schema up to date; returns the versions applied. */
export function migrate(db: Database.Database, file: string, migrations = loadMigrations()): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
  const current = row.version ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) throw new SchemaTooNewError(file, current, known);
  // Numbers are assigned ahead to parallel branches, so a data file may hold a later one (0020) without an
  // earlier one merged after it (0016): every migration not recorded is applied, not only those above the top.
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    })();
    applied.push(migration.version);
  }
  return applied;
}
