// Where `serve` keeps execution logs, the audit trail and Express executions' per-minute counts: with SQLite,
// the store's own tables and a JSON-lines file in the data directory; with PostgreSQL, the shared database
// (migrations 0013, 0018), so that every node serves the same log groups, trail and counts.

import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AuditSink } from './audit-trail.ts';
import { AuditLogFile } from '../store/audit-log-file.ts';
import { ExpressMinutes } from '../service/metrics/express-minutes.ts';
import { keepsMinuteCounts, type ExecutionMinutesStore } from '../store/execution-minutes.ts';
import type { LogStore } from '../store/log-store.ts';
import { openPostgresExecutionMinutes } from '../store/postgres/postgres-execution-minutes.ts';
import { PostgresAuditLog } from '../store/postgres/postgres-audit-log.ts';
import { openPostgresLogStore } from '../store/postgres/postgres-log-store.ts';
import type { StoreLocation } from '../store/store-location.ts';

export interface ObservabilityStores {
  logs: LogStore;
  audit: AuditSink;
  /** Counts Express executions (the runtime's onCommitted feeds its `observe`) into `minutes`. */
  expressMinutes: ExpressMinutes;
  minutes: ExecutionMinutesStore;
  /** Writes the last counts, then closes what was opened here. */
  close(): Promise<void>;
}

function countExpress(minutes: ExecutionMinutesStore, log: Logger): ExpressMinutes {
  const counter = new ExpressMinutes({
    store: minutes,
    now: () => Date.now(),
    onError: (error) => {
      log.warn({ err: error }, 'Express execution counts not written');
    },
  });
  counter.start();
  return counter;
}

/** `storeLogs`: the SQLite store (its logs and counts; unused with PostgreSQL, whose database is already migrated). */
export function openObservabilityStores(
  location: StoreLocation,
  dataDir: string,
  storeLogs: LogStore,
  log: Logger,
): ObservabilityStores {
  if (location.kind === 'sqlite') {
    const audit = new AuditLogFile(join(dataDir, 'audit.jsonl'));
    if (!keepsMinuteCounts(storeLogs)) throw new Error('the SQLite store keeps no per-minute counts');
    const expressMinutes = countExpress(storeLogs, log);
    const close = async () => {
      await expressMinutes.close();
      await audit.close();
    };
    return { logs: storeLogs, audit, expressMinutes, minutes: storeLogs, close };
  }
  const logs = openPostgresLogStore({ url: location.url });
  const minutes = openPostgresExecutionMinutes({ url: location.url });
  const expressMinutes = countExpress(minutes, log);
  const audit = new PostgresAuditLog(location.url, (error) => {
    log.error({ err: error }, 'audit record not written');
  });
  return {
    logs,
    audit,
    expressMinutes,
    minutes,
    close: async () => {
      await expressMinutes.close();
      await minutes.close();
      await audit.close();
      await logs.close();
    },
  };
}
