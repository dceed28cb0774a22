// Opens the store `serve` was given: SQLite in the data directory (one node), or PostgreSQL at
// --database / STEPWISE_DATABASE_URL (any number of nodes). A database that cannot be reached yet is
// retried until it answers or the server is told to stop; one migrated by a newer Stepwise is refused.

import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeDatabaseUrl, openPostgresStore } from '../store/postgres/postgres-store.ts';
import { openSqliteStore, sqliteTemplateRecords, sqliteTriggerStore } from '../store/sqlite/sqlite-store.ts';
import type { Signals } from '../store/signals.ts';
import type { LogStore } from '../store/log-store.ts';
import type { Store } from '../store/store.ts';
import { storageFaultOf } from '../store/storage-fault.ts';
import type { TemplateRecords } from '../store/template-records.ts';
import type { StoreLocation } from '../store/store-location.ts';
import type { TriggerStore } from '../store/trigger-store.ts';
import { UsageError } from './args.ts';
import type { Io } from './io.ts';

export type { StoreLocation };

/** The PostgreSQL URL given, checked for its scheme; undefined for the SQLite default. */
export function databaseUrl(option: string | undefined, env: Readonly<Record<string, string | undefined>>) {
  const url = option ?? (env.STEPWISE_DATABASE_URL === '' ? undefined : env.STEPWISE_DATABASE_URL);
  if (url === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) {
    const source = option === undefined ? 'STEPWISE_DATABASE_URL' : '--database';
    throw new UsageError(`${source} must be a postgres://USER@HOST:PORT/DATABASE URL, not ${describeDatabaseUrl(url)}`);
  }
  return url;
}

export function describeLocation(location: StoreLocation): string {
  return location.kind === 'sqlite' ? join(location.dataDir, 'stepwise.db') : describeDatabaseUrl(location.url);
}

/**
 * The stores `serve` uses: the shared one (which holds the triggers too), and the one holding SQLite's
 * execution logs (the same SQLite store; with PostgreSQL, logs and the audit trail are in the database:
 * http/observability-stores.ts).
 */
export interface ServeStores {
  store: Store;
  logs: Store & LogStore;
  triggers: TriggerStore;
  /** Which template made which resource (`--load`, `stepwise load`). */
  templates: TemplateRecords;
  signals?: Signals;
}

/** How long `serve` waits between attempts to reach the database. */
const retryMillis = 2_000;

/**
 * The open store, or the exit code after a clear message: another server holds the SQLite file, the
 * schema is newer than this Stepwise, or the server was stopped while the database was unreachable.
 */
export async function openServeStore(
  location: StoreLocation,
  io: Io,
  stopped: Promise<unknown>,
): Promise<ServeStores | number> {
  if (location.kind === 'sqlite') {
    const problem = dataDirProblem(location.dataDir);
    if (problem !== undefined) {
      io.err(`stepwise: ${problem}`);
      return 1;
    }
    const store = await refusal(io, describeLocation(location), () =>
      openSqliteStore({ file: describeLocation(location), synchronous: location.synchronous }),
    );
    return store === 'unreachable' || typeof store === 'number'
      ? 1
      : { store, logs: store, triggers: sqliteTriggerStore(store), templates: sqliteTemplateRecords(store) };
  }
  const stop = { requested: false };
  void stopped.then(() => (stop.requested = true));
  for (;;) {
    const store = await refusal(io, describeLocation(location), () => openPostgresStore({ url: location.url }));
    if (typeof store === 'number') return store;
    // Execution logs and the audit trail are in the database too (http/observability-stores.ts): the in-memory
    // store only fills the place of SQLite's log tables.
    if (store !== 'unreachable') {
      const logs = openSqliteStore({ file: ':memory:' });
      return { store, logs, triggers: store.triggers(), templates: store.templateRecords(), signals: store.signals };
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, retryMillis)), stopped]);
    if (stop.requested) return 1;
  }
}

/**
 * Why the data directory cannot hold the database (read-only, not creatable), in words naming it; root
 * passes permission checks, but not a read-only file system (EROFS), which is what this catches.
 */
function dataDirProblem(dataDir: string): string | undefined {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
    return undefined;
  } catch (error) {
    const fault = storageFaultOf(error, dataDir);
    const reason = fault === undefined ? String(error) : `${fault.condition} (${fault.code})`;
    return `cannot keep data in ${dataDir}: ${reason}`;
  }
}

async function refusal<S extends Store>(
  io: Io,
  where: string,
  open: () => S | Promise<S>,
): Promise<S | number | 'unreachable'> {
  try {
    return await open();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    if (error.name === 'DatabaseUnreachableError') {
      io.err(`stepwise: ${error.message}; retrying in ${String(retryMillis / 1000)} s`);
      return 'unreachable';
    }
    if (['DatabaseLockedError', 'SchemaTooNewError', 'DataFileError'].includes(error.name)) {
      io.err(`stepwise: ${error.message}`);
      return 1;
    }
    const fault = storageFaultOf(error, where);
    if (fault === undefined) throw error;
    io.err(`stepwise: cannot open ${fault.where}: ${fault.condition} (${fault.code})`);
    return 1;
  }
}
