// The engine's side of the table of state types (states/state-table.ts): each call a state type may
// answer goes through its entry, after the engine has settled its own part of the thread's `pending`.

import type { CompiledState } from './machine.ts';
import type { StateEvents } from './state-events.ts';
import { yieldOrder } from './pending-work.ts';
import type { FiredTimer, Outcome, StateContext, TaskAnswer, TaskProgress, ThreadEnd } from './state-context.ts';
import type { ThreadState } from './types.ts';
import { handlersOf } from '../states/state-table.ts';

/** The history events of `state`'s type. */
export function eventsOf(state: CompiledState): StateEvents {
  return handlersOf(state).events;
}

export function executeState(run: StateContext, thread: ThreadState, state: CompiledState): Outcome | Promise<Outcome> {
  return handlersOf(state).execute(run, thread, state);
}

/** The answer to the state's call; a state type without calls keeps waiting. */
export function resumeState(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  answer: TaskAnswer,
): Outcome | Promise<Outcome> {
  return handlersOf(state).resume?.(run, thread, state, answer) ?? { kind: 'block' };
}

export function reportProgress(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  progress: TaskProgress,
): void {
  handlersOf(state).progress?.(run, thread, state, progress);
}

export function onChildEnded(
  run: StateContext,
  parent: ThreadState,
  state: CompiledState,
  child: ThreadState,
  end: ThreadEnd,
): Outcome | Promise<Outcome> {
  return handlersOf(state).onChildEnded?.(run, parent, state, child, end) ?? { kind: 'block' };
}

export function fireStateTimer(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  timer: FiredTimer,
): Outcome | Promise<Outcome> {
  return handlersOf(state).fireTimer?.(run, thread, state, timer) ?? { kind: 'block' };
}

/** Records AWS's `<Type>StateAborted` for a blocked state and stops what it waits for, children included. */
export function abortState(
  run: StateContext & { cancelPending(thread: ThreadState): void },
  thread: ThreadState,
  state: CompiledState,
): void {
  const pending = thread.pending;
  if (pending === undefined) return;
  if (yieldOrder(pending) !== undefined) {
    // It had yielded before entering its state: there is nothing to abort, nor an event to record.
    thread.pending = undefined;
    return;
  }
  handlersOf(state).abort?.(run, thread, state);
  run.cancelPending(thread);
  thread.pending = undefined;
  const aborted = handlersOf(state).events.aborted;
  if (aborted !== undefined) run.history.record(thread, aborted);
}
