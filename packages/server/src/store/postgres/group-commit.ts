// Group commit on PostgreSQL: the steps of different executions that arrive while a group is being written
// go together in the next one, one call of migration 0016's function and one transaction for all of them.
// Nothing waits for a group to fill: an idle node writes a lone step at once; a busy one writes as many
// steps per round trip as arrived during the last. Each step keeps its own outcome (a refused one writes
// nothing, the others commit).

import pg from 'pg';
import type { CommitResult, StepCommit } from '../records.ts';
import { prefixEnd } from '../state-parts.ts';
import { nullable } from '../sqlite/db.ts';
import { payloadOf } from '../sqlite/work.ts';
import type { Tx } from './pg-db.ts';
import { stepHead } from './step-head.ts';

interface Waiting {
  commit: StepCommit;
  resolve: (result: CommitResult) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Runs one statement on a pooled connection (its own transaction). */
  statement: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  /** Commits one step alone: after a group failed in the database, each of its steps is tried alone. */
  single: (commit: StepCommit) => Promise<CommitResult>;
  /** Groups written at the same time (each holds a connection); 2 by default. */
  groupsInFlight?: number;
  /** Steps in one group at most; 64 by default. */
  maxGroup?: number;
}

export class GroupCommit {
  private readonly waiting: Waiting[] = [];
  /** Executions with a step in a group being written: their next step waits for the next group. */
  private readonly writing = new Set<string>();
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions) {}

  commit(commit: StepCommit): Promise<CommitResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ commit, resolve, reject });
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
        for (const { commit } of group) this.writing.delete(commit.executionArn);
        this.pump();
      });
    }
  }

  /** The next group: one step per execution, in ARN order (the order its rows are locked in). */
  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    const max = this.options.maxGroup ?? 64;
    for (let i = 0; i < this.waiting.length && group.length < max;) {
      const next = this.waiting[i] as Waiting;
      if (this.writing.has(next.commit.executionArn)) {
        i++;
        continue;
      }
      this.writing.add(next.commit.executionArn);
      group.push(next);
      this.waiting.splice(i, 1);
    }
    return group.sort((a, b) => (a.commit.executionArn < b.commit.executionArn ? -1 : 1));
  }

  private async write(group: Waiting[]): Promise<void> {
    let outcomes: CommitResult[];
    try {
      outcomes = await this.options.statement((tx) =>
        callGroup(
          tx,
          group.map((w) => w.commit),
        ),
      );
    } catch (error) {
      // The database refused the group (a step whose event id exists, a deadlock): nothing of it was written,
      // and each step alone gets its own answer. A lost connection leaves the outcome unknown: it is reported.
      if (!(error instanceof pg.DatabaseError)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      await Promise.all(group.map((w) => this.options.single(w.commit).then(w.resolve, w.reject)));
      return;
    }
    for (const [i, waiting] of group.entries()) waiting.resolve(outcomes[i] ?? 'conflict');
  }
}

const call = `SELECT stepwise_commit_steps($1::text[], $2::integer[], $3::text[], $4::text[], $5::integer[],
  $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::integer[], $12::bigint[], $13::text[],
  $14::boolean[], $15::integer[], $16::integer[], $17::text[], $18::integer[], $19::text[], $20::integer[],
  $21::text[], $22::text[], $23::text[], $24::bigint[], $25::text[], $26::integer[], $27::text[], $28::integer[],
  $29::text[], $30::text[], $31::integer[], $32::text[], $33::text[]) AS outcomes`;

async function callGroup(tx: Tx, commits: readonly StepCommit[]): Promise<CommitResult[]> {
  const row = await tx.row(call, groupParameters(commits));
  return row?.outcomes as CommitResult[];
}

/** Column arrays, each a step's value or, for its rows, the step's 1-based index beside each row. */
class Columns {
  readonly values: unknown[][];
  constructor(count: number) {
    this.values = Array.from({ length: count }, () => []);
  }
  add(...row: unknown[]): void {
    for (const [i, value] of row.entries()) this.values[i]?.push(value);
  }
}

/** The function's 33 parameters for `commits`. */
export function groupParameters(commits: readonly StepCommit[]): unknown[] {
  const steps = new Columns(14);
  const events = new Columns(3);
  const removeWork = new Columns(2);
  const work = new Columns(6);
  const removeParts = new Columns(2);
  const ranges = new Columns(3);
  const puts = new Columns(3);
  for (const [index, c] of commits.entries()) {
    const step = index + 1;
    const { values, parts } = stepHead(c);
    steps.add(
      c.executionArn,
      c.expectedVersion,
      nullable(c.consumes),
      nullable(c.claim?.owner),
      nullable(c.claim?.attempts),
      ...values,
      parts.whole === true,
    );
    for (const event of c.events) events.add(step, event.id, JSON.stringify(event));
    for (const id of c.removeWork ?? []) removeWork.add(step, id);
    for (const item of c.addWork ?? [])
      work.add(step, item.id, item.executionArn, item.kind, item.dueTime, JSON.stringify(payloadOf(item)));
    for (const key of parts.remove) removeParts.add(step, key);
    for (const prefix of parts.removePrefixes) ranges.add(step, prefix, prefixEnd(prefix));
    for (const [key, value] of parts.put) puts.add(step, key, value);
  }
  return [steps, events, removeWork, work, removeParts, ranges, puts].flatMap((columns) => columns.values);
}
