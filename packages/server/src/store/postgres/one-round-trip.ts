// A step's commit and an execution's start in one round trip each: the common step (state, events, work,
// a consumed item under its claim) and start go to the server-side functions of migration 0011 (steps
// that arrive together go to 0016's, several in one call: group-commit.ts); a step or start that also
// touches tokens or stops children takes executions.ts's path, several statements in one transaction.
// All decide alike.

import { createHash } from 'node:crypto';
import type { HistoryEvent } from '@stepwise/core';
import type { CommitResult, ExecutionRecord, StepCommit, WorkItem } from '../records.ts';
import { int, nullable } from '../sqlite/db.ts';
import { wholeState } from '../state-changes.ts';
import { prefixEnd, type StateParts } from '../state-parts.ts';
import { payloadOf } from '../sqlite/work.ts';
import { executionColumns } from '../execution-columns.ts';
import { existingExecution } from './executions.ts';
import type { Tx } from './pg-db.ts';
import { stepHead } from './step-head.ts';
import { historyRows } from './history-rows.ts';

/**
 * True when the functions (0011's and 0016's) do all the commit asks: no tokens, no activity claim, no
 * children to stop. (Job work is theirs too: their end of an execution keeps a job's stop call.)
 */
export function fitsCommitFunction(c: StepCommit): boolean {
  return (
    c.claimsToken === undefined &&
    c.stopChildren === undefined &&
    (c.addTokens?.length ?? 0) === 0 &&
    (c.removeTokens?.length ?? 0) === 0 &&
    (c.closeTokens?.length ?? 0) === 0
  );
}

const call = `SELECT stepwise_commit_step($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
  $14::integer[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::bigint[], $21::text[],
  $22::boolean, $23::text[], $24::text[], $25::text[], $26::text[], $27::text[]) AS outcome`;

/** The refusals the function raises once it has updated the row (the statement is then undone). */
const raisedRefusals: Record<string, CommitResult> = { SWCON: 'consumed', SWFEN: 'fenced' };

/** One statement, its own transaction: a refusal writes nothing. */
export async function commitInOneStatement(tx: Tx, c: StepCommit): Promise<CommitResult> {
  try {
    return await callCommit(tx, c);
  } catch (error) {
    const refusal = raisedRefusals[String((error as { code?: unknown }).code)];
    if (refusal === undefined) throw error;
    return refusal;
  }
}

async function callCommit(tx: Tx, c: StepCommit): Promise<CommitResult> {
  const { values, parts } = stepHead(c);
  const row = await tx.row(call, [
    c.executionArn,
    c.expectedVersion,
    nullable(c.consumes),
    nullable(c.claim?.owner),
    nullable(c.claim?.attempts),
    ...values,
    ...eventColumns(c.events),
    c.removeWork ?? [],
    ...workColumns(c.addWork ?? []),
    parts.whole === true,
    parts.remove,
    parts.removePrefixes,
    parts.removePrefixes.map(prefixEnd),
    ...partRows(parts),
  ]);
  return row?.outcome as CommitResult;
}

/** A commit's events as the functions' two arrays: one row of history (history-rows.ts). */
function eventColumns(events: readonly HistoryEvent[]): unknown[] {
  const { ids, texts } = historyRows(events);
  return [ids, texts];
}

/** Work items as the functions' five arrays: ids, executions, kinds, due times, payloads. */
function workColumns(work: readonly WorkItem[]): unknown[] {
  return [
    work.map((item) => item.id),
    work.map((item) => item.executionArn),
    work.map((item) => item.kind),
    work.map((item) => item.dueTime),
    work.map((item) => JSON.stringify(payloadOf(item))),
  ];
}

const create = `SELECT stepwise_create_execution(${Array.from({ length: 25 }, (_, i) => `$${String(i + 1)}`).join(', ')},
  $26::integer[], $27::text[], $28::text[], $29::text[], $30::text[], $31::bigint[], $32::text[],
  $33::text[], $34::text[]) AS created`;

/** The rows a commit puts, as the functions' two arrays: keys and values. */
function partRows(parts: StateParts): unknown[] {
  return [parts.put.map(([key]) => key), parts.put.map(([, value]) => value)];
}

/** A start without tokens, whose definition is stored already (its id known): one statement. */
export async function createInOneStatement(
  tx: Tx,
  e: ExecutionRecord,
  definitionId: number,
  first: Pick<StepCommit, 'events' | 'addWork'>,
): Promise<{ created: true } | { created: false; existing: ExecutionRecord }> {
  const { parts } = wholeState(e.state);
  const row = await tx.row(create, [
    ...executionColumns(e, definitionId, parts.head),
    ...eventColumns(first.events),
    ...workColumns(first.addWork ?? []),
    ...partRows(parts),
  ]);
  // Another start of this ARN committed first (the insert waited for it): a new statement sees it.
  return row?.created === true ? { created: true } : existingExecution(tx, e.arn);
}

/** Past this many definitions the cache starts again: a definition's id is one statement away. */
const maxDefinitions = 1_000;

/**
 * The ids of definition texts this node has seen committed (rows of `definitions` are never changed or
 * deleted, so an id once read stays true); a start of a definition not known yet takes the general path.
 */
export class DefinitionIds {
  private readonly ids = new Map<string, number>();

  get(definition: string): number | undefined {
    return this.ids.get(definition);
  }

  /** Reads the committed id of `definition` (after a start stored it), if it has one. */
  async learn(tx: Tx, definition: string): Promise<void> {
    const hash = createHash('sha256').update(definition).digest();
    const row = await tx.row('SELECT id FROM definitions WHERE hash = $1', [hash]);
    if (row === undefined) return;
    if (this.ids.size >= maxDefinitions) this.ids.clear();
    this.ids.set(definition, int(row, 'id'));
  }
}
