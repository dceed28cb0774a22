// A PostgreSQL connection pool and the one-transaction-per-operation helper the PostgreSQL store's
// modules share. Rows come back with bigint columns as numbers (epoch milliseconds and seqs are safe
// integers), so the row readers of the SQLite store apply to them unchanged.

import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Row } from '../sqlite/db.ts';
import { parameterOf } from './array-literal.ts';

export type { Row } from '../sqlite/db.ts';

/** One transaction's queries (a client of the pool, between BEGIN and COMMIT). */
export interface Tx {
  rows(sql: string, params?: unknown[]): Promise<Row[]>;
  row(sql: string, params?: unknown[]): Promise<Row | undefined>;
  /** The number of rows the statement changed. */
  count(sql: string, params?: unknown[]): Promise<number>;
}

/** Parses int8 as a number: every bigint the store keeps is a date in milliseconds or a seq. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, Number);

export function openPool(url: string, max: number): pg.Pool {
  return new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 10_000 });
}

/**
 * Statements are prepared once per connection under a name derived from their text: PostgreSQL then
 * parses and plans each of the store's few dozen statements once, not on every step.
 */
const statementNames = new Map<string, string>();

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `s${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    statementNames.set(sql, name);
  }
  return name;
}

function txOf(client: pg.PoolClient | pg.Pool): Tx {
  // A script of several commands (a migration) cannot be prepared: it goes as a simple query.
  const query = (sql: string, params: unknown[]) =>
    params.length === 0 && sql.includes(';')
      ? client.query<Row>(sql)
      : client.query<Row>({ name: statementName(sql), text: sql, values: params.map(parameterOf) });
  return {
    rows: async (sql, params = []) => (await query(sql, params)).rows,
    row: async (sql, params = []) => (await query(sql, params)).rows[0],
    count: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
  };
}

/**
 * Runs an operation of one statement (a read, or a single atomic write) without BEGIN and COMMIT: a
 * statement is its own transaction, and two round trips fewer count on every step.
 */
export function statement<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return fn(txOf(pool));
}

/** Thrown by a transaction body to roll back and return a value (a refused commit writes nothing). */
export class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rolled back');
    this.name = 'Rollback';
  }
}

/**
 * Runs `fn` in one READ COMMITTED transaction on a client of the pool. A throw rolls back; throwing a
 * `Rollback` rolls back and resolves with its value. A client whose connection broke is discarded.
 */
export async function transaction<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const result = await fn(txOf(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      if (error instanceof Rollback) return error.value as T;
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
