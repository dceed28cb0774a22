// The LogStore on PostgreSQL (migration 0013): the log groups, streams and events every node of one database
// serves alike. It keeps a small pool of its own beside the Store's, on a database that store has migrated.

import type pg from 'pg';
import type { LogBatch, LogEventQuery, LogStore, LogStreamQuery } from '../log-store.ts';
import * as logs from './logs.ts';
import { openPool, statement, transaction, type Tx } from './pg-db.ts';

export interface PostgresLogStore extends LogStore {
  close(): Promise<void>;
}

/** The LogStore of the database at `url`, which openPostgresStore has opened (and so migrated). */
export function openPostgresLogStore(options: { url: string; poolSize?: number }): PostgresLogStore {
  const pool = openPool(options.url, options.poolSize ?? 4);
  // An idle client losing its connection (the server restarted) is dropped from the pool, not fatal.
  pool.on('error', () => undefined);
  return new PgLogStore(pool);
}

class PgLogStore implements PostgresLogStore {
  private closed = false;

  constructor(private readonly pool: pg.Pool) {}

  private tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the log store is closed'));
    return transaction(this.pool, fn);
  }

  private one<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the log store is closed'));
    return statement(this.pool, fn);
  }

  createLogGroup(group: { name: string; creationTime: number; retentionInDays?: number }) {
    return this.one((tx) => logs.insertLogGroup(tx, group));
  }
  getLogGroup(name: string) {
    return this.one((tx) => logs.selectLogGroup(tx, name));
  }
  listLogGroups(query: { prefix?: string; limit: number; nextToken?: string }) {
    return this.one((tx) => logs.selectLogGroups(tx, query));
  }
  deleteLogGroup(name: string) {
    return this.one((tx) => logs.deleteLogGroup(tx, name));
  }
  setRetention(name: string, days: number | undefined) {
    return this.one((tx) => logs.updateRetention(tx, name, days));
  }
  createLogStream(groupName: string, streamName: string, creationTime: number) {
    return this.tx((tx) => logs.insertLogStream(tx, groupName, streamName, creationTime));
  }
  listLogStreams(groupName: string, query: LogStreamQuery) {
    return this.tx((tx) => logs.selectLogStreams(tx, groupName, query));
  }
  putLogEvents(batches: LogBatch[], ingestionTime: number) {
    return this.tx((tx) => logs.insertLogEvents(tx, batches, ingestionTime));
  }
  queryLogEvents(groupName: string, query: LogEventQuery) {
    return this.tx((tx) => logs.selectLogEvents(tx, groupName, query));
  }
  enforceRetention(now: number) {
    return this.tx((tx) => logs.deleteExpiredEvents(tx, now));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
