// Parallel: runs every branch on the same input as child threads; the output is their outputs in branch
// order; the first branch to fail stops the others and fails the state.

import { applyTemplate, effectiveInput } from '../engine/io.ts';
import { fieldValue } from '../engine/jsonata-field-values.ts';
import type { CompiledParallel } from '../engine/machine.ts';
import { arrayPayload, derivePayload } from '../engine/payload.ts';
import type { ForkedThread, Outcome, StateContext, ThreadEnd } from '../engine/state-context.ts';
import { leaveState } from '../engine/state-exit.ts';
import { takeRedrive } from '../engine/redrive.ts';
import type { ThreadState } from '../engine/types.ts';

export async function executeParallel(
  run: StateContext,
  thread: ThreadState,
  state: CompiledParallel,
): Promise<Outcome> {
  const def = state.def;
  const value =
    state.queryLanguage === 'JSONata'
      ? ((await fieldValue(run, thread, state, 'Arguments')) ?? thread.input.value)
      : applyTemplate(run, thread, state.parameters, effectiveInput(run, thread, state));
  const input = derivePayload(thread.input, value);
  run.history.record(thread, 'ParallelStateStarted');
  const children = def.Branches.map((_, index) => `${thread.id}.${index}`);
  const redriven = takeRedrive(thread, children.length);
  const results = redriven?.results ?? children.map(() => null);
  const remaining = results.filter((result) => result === null).length;
  const launch = children.map((id, index): ForkedThread => {
    const unfinished = redriven?.threads[index];
    if (unfinished !== undefined) return { restore: unfinished, cursor: thread.cursor };
    const parent = { threadId: thread.id, index };
    const block = state.children[index] ?? '';
    return { start: { id, block, parent, recorded: thread.recorded, input, cursor: thread.cursor } };
  });
  // A redrive runs only the branches that did not succeed.
  const started = launch.filter((_, index) => results[index] === null);
  return { kind: 'fork', children: { kind: 'parallel', children, results, remaining }, launch: started };
}

export function onBranchEnded(
  run: StateContext,
  thread: ThreadState,
  state: CompiledParallel,
  child: ThreadState,
  end: ThreadEnd,
): Outcome | Promise<Outcome> {
  const pending = thread.pending;
  if (pending?.kind !== 'parallel' || child.parent === undefined) return { kind: 'block' };
  thread.cursor = child.cursor;
  if (end.kind === 'failed') {
    for (const id of pending.children) {
      const sibling = run.state.threads[id];
      if (sibling !== undefined) run.abortThread(sibling);
    }
    return { kind: 'fail', failure: end.failure, failedEvent: 'ParallelStateFailed' };
  }
  pending.results[child.parent.index] = end.output;
  pending.remaining -= 1;
  if (pending.remaining > 0) return { kind: 'block' };
  run.history.record(thread, 'ParallelStateSucceeded', undefined, { advance: false });
  const results = arrayPayload(pending.results);
  return leaveState(run, thread, state, results.value, { hasResult: true, resultPayload: results });
}

/** Aborted while its branches run: they are aborted too. */
export function abortBranches(run: StateContext, thread: ThreadState): void {
  if (thread.pending?.kind === 'parallel') run.abortChildren(thread, thread.pending.children);
}
