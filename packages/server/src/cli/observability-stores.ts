// Where `serve` keeps execution logs and the audit trail: with SQLite, the store's own tables and a JSON-lines
// file in the data directory; with PostgreSQL, the shared database (migration 0013), so that every node
// serves the same log groups and the same trail.

import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AuditSink } from '../http/audit-trail.ts';
import { AuditLogFile } from '../store/audit-log-file.ts';
import type { LogStore } from '../store/log-store.ts';
import { PostgresAuditLog } from '../store/postgres/postgres-audit-log.ts';
import { openPostgresLogStore } from '../store/postgres/postgres-log-store.ts';
import type { StoreLocation } from './open-store.ts';

export interface ObservabilityStores {
  logs: LogStore;
  audit: AuditSink;
  close(): Promise<void>;
}

/** `storeLogs`: the SQLite store's LogStore (unused with PostgreSQL, whose database is already migrated). */
export function openObservabilityStores(
  location: StoreLocation,
  dataDir: string,
  storeLogs: LogStore,
  log: Logger,
): ObservabilityStores {
  if (location.kind === 'sqlite') {
    const audit = new AuditLogFile(join(dataDir, 'audit.jsonl'));
    return { logs: storeLogs, audit, close: () => audit.close() };
  }
  const logs = openPostgresLogStore({ url: location.url });
  const audit = new PostgresAuditLog(location.url, (error) => {
    log.error({ err: error }, 'audit record not written');
  });
  return {
    logs,
    audit,
    close: async () => {
      await audit.close();
      await logs.close();
    },
  };
}
