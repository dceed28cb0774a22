// Group commit on PostgreSQL: the steps of different executions that arrive while a group is being written
// go together in the next one, one call of migration 0016's function and one transaction for all of them.
// Nothing waits for a group to fill: an idle node writes a lone step at once; a busy one writes as many
// steps per round trip as arrived during the last. Each step keeps its own outcome (a refused one writes
// nothing, the others commit).

import type { CommitResult, StepCommit } from '../records.ts';
import { prefixEnd } from '../state-parts.ts';
import { nullable } from '../sqlite/db.ts';
import { payloadOf } from '../sqlite/work.ts';
import { GroupWriter } from './group-writer.ts';
import type { Tx } from './pg-db.ts';
import { stepHead } from './step-head.ts';
import { historyRows } from './history-rows.ts';

export interface GroupCommitOptions {
  /** Runs one statement on a pooled connection (its own transaction). */
  statement: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  /** Commits one step alone: after a group failed in the database, each of its steps is tried alone. */
  single: (commit: StepCommit) => Promise<CommitResult>;
}

export class GroupCommit {
  private readonly writer: GroupWriter<StepCommit, CommitResult>;

  constructor(options: GroupCommitOptions) {
    this.writer = new GroupWriter({
      key: (commit) => commit.executionArn,
      write: (commits) => options.statement((tx) => callGroup(tx, commits)),
      single: options.single,
    });
  }

  commit(commit: StepCommit): Promise<CommitResult> {
    return this.writer.submit(commit);
  }
}

const call = `SELECT stepwise_commit_steps($1::text[], $2::integer[], $3::text[], $4::text[], $5::integer[],
  $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::integer[], $12::bigint[], $13::text[],
  $14::boolean[], $15::integer[], $16::integer[], $17::text[], $18::integer[], $19::text[], $20::integer[],
  $21::text[], $22::text[], $23::text[], $24::bigint[], $25::text[], $26::integer[], $27::text[], $28::integer[],
  $29::text[], $30::text[], $31::integer[], $32::text[], $33::text[]) AS outcomes`;

async function callGroup(tx: Tx, commits: readonly StepCommit[]): Promise<CommitResult[]> {
  const row = await tx.row(call, groupParameters(commits));
  const outcomes = row?.outcomes as CommitResult[];
  return commits.map((_, i) => outcomes[i] ?? 'conflict');
}

/** Column arrays, each a step's value or, for its rows, the step's 1-based index beside each row. */
export class Columns {
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
    const history = historyRows(c.events);
    if (history.ids.length > 0) events.add(step, history.ids[0], history.texts[0]);
    for (const id of c.removeWork ?? []) removeWork.add(step, id);
    for (const item of c.addWork ?? [])
      work.add(step, item.id, item.executionArn, item.kind, item.dueTime, JSON.stringify(payloadOf(item)));
    for (const key of parts.remove) removeParts.add(step, key);
    for (const prefix of parts.removePrefixes) ranges.add(step, prefix, prefixEnd(prefix));
    for (const [key, value] of parts.put) puts.add(step, key, value);
  }
  return [steps, events, removeWork, work, removeParts, ranges, puts].flatMap((columns) => columns.values);
}
