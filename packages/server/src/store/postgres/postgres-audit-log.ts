// The audit trail on PostgreSQL (migration 0013): every node appends to one table, so the trail is the
// whole cluster's. An append is sent at once and awaited by the next read on this node, so a caller that
// has its response finds its call's record when it reads the trail from the same node.

import { Readable } from 'node:stream';
import type pg from 'pg';
import { text } from '../sqlite/db.ts';
import { openPool, statement } from './pg-db.ts';

/** Records read per query while streaming the trail. */
const pageSize = 1000;

export class PostgresAuditLog {
  private readonly pool: pg.Pool;
  private pending = new Set<Promise<void>>();

  constructor(
    url: string,
    private readonly onError: (error: unknown) => void,
  ) {
    this.pool = openPool(url, 2);
    this.pool.on('error', () => undefined);
  }

  /** `record.recipientAccountId` names the account whose trail holds it. */
  append(record: { recipientAccountId?: unknown }): void {
    const account = typeof record.recipientAccountId === 'string' ? record.recipientAccountId : '';
    const sql = 'INSERT INTO audit_records (account, record) VALUES ($1, $2)';
    const write: Promise<void> = statement(this.pool, (tx) => tx.count(sql, [account, JSON.stringify(record)])).then(
      () => undefined,
      this.onError,
    );
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** The trail as JSON lines, oldest first: one account's, or (undefined) every account's. */
  read(account?: string): Readable {
    const pages = this.pages(account);
    return Readable.from(pages);
  }

  private async *pages(account: string | undefined): AsyncGenerator<string> {
    await Promise.all(this.pending);
    let after = 0;
    for (;;) {
      const rows = await statement(this.pool, (tx) =>
        account === undefined
          ? tx.rows('SELECT seq, record FROM audit_records WHERE seq > $1 ORDER BY seq LIMIT $2', [after, pageSize])
          : tx.rows('SELECT seq, record FROM audit_records WHERE account = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
              account,
              after,
              pageSize,
            ]),
      );
      if (rows.length === 0) return;
      yield rows.map((row) => `${text(row, 'record')}\n`).join('');
      after = Number(rows.at(-1)?.seq);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.pending);
    await this.pool.end();
  }
}
