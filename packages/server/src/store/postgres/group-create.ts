// Group create on PostgreSQL: starts of different executions that arrive together (a burst of
// StartExecution calls) go in one call of migration 0021's function and one transaction, as steps do
// (group-commit.ts). Only starts whose definition is stored already and that open no tokens come here
// (one-round-trip.ts says which); a start whose ARN exists reads the existing execution afterwards.

import type { ExecutionRecord, StepCommit } from '../records.ts';
import { executionColumns } from '../execution-columns.ts';
import { payloadOf } from '../sqlite/work.ts';
import { wholeState } from '../state-changes.ts';
import { Columns } from './group-commit.ts';
import { GroupWriter } from './group-writer.ts';
import { existingExecution } from './executions.ts';
import type { Tx } from './pg-db.ts';
import { historyRows } from './history-rows.ts';

export interface GroupStart {
  execution: ExecutionRecord;
  definitionId: number;
  first: Pick<StepCommit, 'events' | 'addWork'>;
}

export type StartOutcome = { created: true } | { created: false; existing: ExecutionRecord };

export interface GroupCreateOptions {
  /** Runs one statement on a pooled connection (its own transaction). */
  statement: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  /** Creates one execution alone: after a group failed in the database, each start is tried alone. */
  single: (start: GroupStart) => Promise<StartOutcome>;
}

export class GroupCreate {
  private readonly writer: GroupWriter<GroupStart, StartOutcome>;

  constructor(private readonly options: GroupCreateOptions) {
    this.writer = new GroupWriter({
      key: (start) => start.execution.arn,
      write: (starts) => this.write(starts),
      single: options.single,
    });
  }

  create(start: GroupStart): Promise<StartOutcome> {
    return this.writer.submit(start);
  }

  private async write(starts: readonly GroupStart[]): Promise<StartOutcome[]> {
    const created = await this.options.statement((tx) => callGroup(tx, starts));
    // Another start of an ARN committed first: a new statement reads what it wrote.
    return Promise.all(
      starts.map(async (start, i): Promise<StartOutcome> => {
        if (created[i] === true) return { created: true };
        return this.options.statement((tx) => existingExecution(tx, start.execution.arn));
      }),
    );
  }
}

const call = `SELECT stepwise_create_executions($1::text[], $2::integer[], $3::integer[], $4::text[],
  $5::integer[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[], $11::integer[], $12::text[],
  $13::text[]) AS created`;

async function callGroup(tx: Tx, starts: readonly GroupStart[]): Promise<boolean[]> {
  const row = await tx.row(call, groupParameters(starts));
  return row?.created as boolean[];
}

/** The function's parameters: a row of 25 columns per start, then events, work and part rows by start. */
function groupParameters(starts: readonly GroupStart[]): unknown[] {
  const rows: (string | null)[][] = [];
  const events = new Columns(3);
  const work = new Columns(6);
  const puts = new Columns(3);
  for (const [index, { execution, definitionId, first }] of starts.entries()) {
    const step = index + 1;
    const { parts } = wholeState(execution.state);
    rows.push(executionColumns(execution, definitionId, parts.head).map((value) => nullableText(value)));
    const history = historyRows(first.events);
    if (history.ids.length > 0) events.add(step, history.ids[0], history.texts[0]);
    for (const item of first.addWork ?? [])
      work.add(step, item.id, item.executionArn, item.kind, item.dueTime, JSON.stringify(payloadOf(item)));
    for (const [key, value] of parts.put) puts.add(step, key, value);
  }
  return [rows, ...[events, work, puts].flatMap((columns) => columns.values)];
}

function nullableText(value: string | number | null): string | null {
  return value === null ? null : String(value);
}
