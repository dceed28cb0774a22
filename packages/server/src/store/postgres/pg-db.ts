// A PostgreSQL connection pool and the one-transaction-per-operation helper the PostgreSQL store's
// modules share. Rows come back with bigint columns as numbers (epoch milliseconds and seqs are safe
// integers), so the row readers of the SQLite store apply to them unchanged.

import pg from 'pg';
import type { Row } from '../sqlite/db.ts';

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

function txOf(client: pg.PoolClient): Tx {
  const rows = async (sql: string, params: unknown[] = []): Promise<Row[]> =>
    (await client.query<Row>(sql, params)).rows;
  return {
    rows,
    row: async (sql, params) => (await rows(sql, params))[0],
    count: async (sql, params = []) => (await client.query(sql, params)).rowCount ?? 0,
  };
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
