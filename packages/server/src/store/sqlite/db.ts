// A better-sqlite3 connection with a cache of prepared statements, and the keyset pagination the
// SQLite store's lists share (the opaque nextToken is the `seq` of the last row returned).

import type Database from 'better-sqlite3';
import type { JsonValue } from '@stepwise/core';
import { InvalidPageTokenError, type Page } from '../records.ts';

export type Row = Record<string, unknown>;

export class Db {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly raw: Database.Database) {}

  /** The prepared statement for `sql`, compiled once. */
  sql(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.raw.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all(sql: string, ...params: unknown[]): Row[] {
    return this.sql(sql).all(...params) as Row[];
  }

  get(sql: string, ...params: unknown[]): Row | undefined {
    return this.sql(sql).get(...params) as Row | undefined;
  }

  run(sql: string, ...params: unknown[]): number {
    return this.sql(sql).run(...params).changes;
  }

  /** Runs `fn` in an immediate transaction (the write lock taken up front, so no upgrade deadlocks). */
  transaction<T>(fn: () => T): T {
    return this.raw.transaction(fn).immediate();
  }

  /** Opens the transaction of a group commit (see SqliteStore); `commit` or `rollback` ends it. */
  begin(): void {
    this.sql('BEGIN IMMEDIATE').run();
  }

  commit(): void {
    this.sql('COMMIT').run();
  }

  rollback(): void {
    if (this.raw.inTransaction) this.sql('ROLLBACK').run();
  }

  /** Runs `fn` inside the open transaction; if it throws, only its own changes are undone. */
  savepoint<T>(fn: () => T): T {
    this.sql('SAVEPOINT operation').run();
    try {
      const result = fn();
      this.sql('RELEASE operation').run();
      return result;
    } catch (error) {
      // A full disk can make SQLite roll the whole transaction back: then no savepoint is left to undo.
      if (this.raw.inTransaction) {
        this.sql('ROLLBACK TO operation').run();
        this.sql('RELEASE operation').run();
      }
      throw error;
    }
  }
}

/** The seq a page starts after, from an opaque token; 0 or MAX for the first page. */
export function afterSeq(token: string | undefined, descending: boolean): number {
  if (token === undefined) return descending ? Number.MAX_SAFE_INTEGER : 0;
  const seq = Number(token);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new InvalidPageTokenError(token);
  return seq;
}

/** Turns `limit + 1` rows into a page of `limit` items and the token of the next page. */
export function toPage<T>(rows: Row[], limit: number, map: (row: Row) => T, seqColumn = 'seq'): Page<T> {
  const items = rows.slice(0, limit).map(map);
  if (rows.length <= limit) return { items };
  return { items, nextToken: String(rows[limit - 1]?.[seqColumn]) };
}

export function text(row: Row, column: string): string {
  return row[column] as string;
}

export function optionalText(row: Row, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : (value as string);
}

export function int(row: Row, column: string): number {
  return row[column] as number;
}

export function optionalInt(row: Row, column: string): number | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : (value as number);
}

export function optionalJson(row: Row, column: string): JsonValue | undefined {
  const value = optionalText(row, column);
  return value === undefined ? undefined : (JSON.parse(value) as JsonValue);
}

/** JSON text for a column, or null. */
export function jsonColumn(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export function nullable<T>(value: T | undefined): T | null {
  return value ?? null;
}

/** Records as the interface's optional members expect them: absent rather than undefined. */
export function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
