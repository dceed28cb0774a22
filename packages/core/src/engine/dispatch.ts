// The one switch on a state's Type: which state module executes it. Also routes a child thread's end
// and an abort to the Parallel or Map that owns them.

import type { CompiledState } from './machine.ts';
import type { Outcome, StateContext, ThreadEnd } from './state-context.ts';
import type { ThreadState } from './types.ts';
import { executeChoice } from '../states/choice.ts';
import { executeFail } from '../states/fail.ts';
import { executeMap, abortIterations, onIterationEnded } from '../states/map.ts';
import { executeParallel, onBranchEnded } from '../states/parallel.ts';
import { executePass } from '../states/pass.ts';
import { executeSucceed } from '../states/succeed.ts';
import { executeTask } from '../states/task.ts';
import { executeWait } from '../states/wait.ts';

export function executeState(run: StateContext, thread: ThreadState, state: CompiledState): Outcome | Promise<Outcome> {
  const def = state.def;
  switch (def.Type) {
    case 'Pass':
      return executePass(run, thread, state, def);
    case 'Task':
      return executeTask(run, thread, state, def);
    case 'Choice':
      return executeChoice(run, thread, state, def);
    case 'Wait':
      return executeWait(run, thread, state, def);
    case 'Succeed':
      return executeSucceed(run, thread, state);
    case 'Fail':
      return executeFail(run, thread, state, def);
    case 'Parallel':
      return executeParallel(run, thread, state, def);
    case 'Map':
      return executeMap(run, thread, state, def);
  }
}

export function onChildEnded(
  run: StateContext,
  parent: ThreadState,
  state: CompiledState,
  child: ThreadState,
  end: ThreadEnd,
): Outcome | Promise<Outcome> {
  if (parent.pending?.kind === 'parallel') return onBranchEnded(run, parent, state, child, end);
  if (parent.pending?.kind === 'map') return onIterationEnded(run, parent, state, child, end);
  return { kind: 'block' };
}

/** Records AWS's `<Type>StateAborted` for a blocked state and stops what it waits for, children included. */
export function abortState(run: StateContext, thread: ThreadState, state: CompiledState): void {
  const pending = thread.pending;
  if (pending === undefined) return;
  if (pending.kind === 'yield') {
    // It had yielded before entering its state: there is nothing to abort, nor an event to record.
    thread.pending = undefined;
    return;
  }
  if (pending.kind === 'parallel') run.abortChildren(thread, pending.children);
  if (pending.kind === 'map') abortIterations(run, thread, pending, state.name);
  run.cancelPending(thread);
  thread.pending = undefined;
  run.history.record(thread, `${state.def.Type}StateAborted`);
}
