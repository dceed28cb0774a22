// Group writes on PostgreSQL: requests for different executions that arrive while a group is being
// written go together in the next one, one call and one transaction for all of them (group-commit.ts for
// steps, group-create.ts for starts). Nothing waits for a group to fill: an idle node writes a lone request
// at once; a busy one writes as many per round trip as arrived during the last. Each request keeps its
// own outcome.

import pg from 'pg';

interface Waiting<T, R> {
  request: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export interface GroupWriterOptions<T, R> {
  /** The execution a request is for: a group holds one request per execution, sorted by this key. */
  key: (request: T) => string;
  /** Writes a group in one call; the outcomes in the group's order. */
  write: (requests: readonly T[]) => Promise<R[]>;
  /** Writes one request alone: after a group failed in the database, each of its requests is tried alone. */
  single: (request: T) => Promise<R>;
  /** Groups written at the same time (each holds a connection); 2 by default. */
  groupsInFlight?: number;
  /** Requests in one group at most; 64 by default. */
  maxGroup?: number;
}

export class GroupWriter<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  /** Executions with a request in a group being written: their next one waits for the next group. */
  private readonly writing = new Set<string>();
  private inFlight = 0;

  constructor(private readonly options: GroupWriterOptions<T, R>) {}

  submit(request: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < (this.options.groupsInFlight ?? 2)) {
      const group = this.takeGroup();
      if (group.length === 0) return;
      this.inFlight++;
      void this.write(group).finally(() => {
        this.inFlight--;
        for (const { request } of group) this.writing.delete(this.options.key(request));
        this.pump();
      });
    }
  }

  /** The next group: one request per execution, in key order (the order its rows are locked in). */
  private takeGroup(): Waiting<T, R>[] {
    const group: Waiting<T, R>[] = [];
    const max = this.options.maxGroup ?? 64;
    for (let i = 0; i < this.waiting.length && group.length < max;) {
      const next = this.waiting[i] as Waiting<T, R>;
      const key = this.options.key(next.request);
      if (this.writing.has(key)) {
        i++;
        continue;
      }
      this.writing.add(key);
      group.push(next);
      this.waiting.splice(i, 1);
    }
    const key = this.options.key;
    return group.sort((a, b) => (key(a.request) < key(b.request) ? -1 : 1));
  }

  private async write(group: Waiting<T, R>[]): Promise<void> {
    let outcomes: R[];
    try {
      outcomes = await this.options.write(group.map((w) => w.request));
    } catch (error) {
      // The database refused the group (a duplicate key, a deadlock): nothing of it was written, and each
      // request alone gets its own answer. A lost connection leaves the outcome unknown: it is reported.
      if (!(error instanceof pg.DatabaseError)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      await Promise.all(group.map((w) => this.options.single(w.request).then(w.resolve, w.reject)));
      return;
    }
    for (const [i, waiting] of group.entries()) {
      const outcome = outcomes[i];
      if (outcome === undefined) waiting.reject(new Error('a group write gave no outcome for one of its requests'));
      else waiting.resolve(outcome);
    }
  }
}
