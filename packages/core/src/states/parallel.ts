// Parallel: runs every branch on the same input as child threads; the output is their outputs in branch
// order; the first branch to fail stops the others and fails the state.

import type { ParallelState } from '../asl/types.ts';
import { applyTemplate, effectiveInput, shapeResult } from '../engine/io.ts';
import type { CompiledState } from '../engine/machine.ts';
import { arrayPayload, derivePayload } from '../engine/payload.ts';
import type { Outcome, Run, ThreadEnd } from '../engine/run.ts';
import type { ThreadState } from '../engine/types.ts';

export function executeParallel(run: Run, thread: ThreadState, state: CompiledState, def: ParallelState): Outcome {
  const input = derivePayload(
    thread.input,
    applyTemplate(run, thread, state.parameters, effectiveInput(run, thread, state)),
  );
  run.history.record(thread, 'ParallelStateStarted');
  const children = def.Branches.map((_, index) => `${thread.id}.${index}`);
  thread.pending = { kind: 'parallel', children, results: children.map(() => null), remaining: children.length };
  // Queued last-first, so branch 0 runs first.
  for (let index = children.length - 1; index >= 0; index--) {
    run.startThread({
      id: children[index] ?? '',
      block: state.children[index] ?? '',
      parent: { threadId: thread.id, index },
      recorded: thread.recorded,
      input,
      cursor: thread.cursor,
    });
  }
  return { kind: 'block' };
}

export function onBranchEnded(
  run: Run,
  thread: ThreadState,
  state: CompiledState,
  child: ThreadState,
  end: ThreadEnd,
): Outcome {
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
  return { kind: 'exit', output: derivePayload(results, shapeResult(run, thread, state, results.value)) };
}
