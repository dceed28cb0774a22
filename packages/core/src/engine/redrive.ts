// Redrive: an execution that FAILED, TIMED_OUT or was ABORTED continues from the states that did not
// finish, as AWS's RedriveExecution does. While an execution runs, every thread that fails or is aborted
// leaves a snapshot (where it stood, and what its own branches or iterations achieved); when its Parallel
// or Map retries, catches or tolerates the failure, the snapshot is dropped, otherwise it is folded into
// the parent's snapshot, up to the top-level thread, which becomes the execution's redrive point.
//
// Redriving re-enters each unfinished state with a new Entered event and fresh retry counters. A Parallel
// runs again only the branches that did not succeed, a Map only the iterations that did not succeed;
// each of those continues from its own unfinished state. Succeeded states are not run again.

import { forkResults, redrivableMapRun } from './pending-work.ts';
import type { ChildrenSnapshot, ExecutionState, Pending, ThreadSnapshot, ThreadState } from './types.ts';

/** Statuses a redrive applies to. */
const redrivableStatuses = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);
/** AWS redrives an execution up to 14 days after it ended... */
const redriveWindowMillis = 14 * 24 * 3600 * 1000;
/** ... whose history leaves room for ExecutionRedriven and one more event under the 25,000 limit. */
const maxEventsBeforeRedrive = 24_998;

/** Why an execution cannot be redriven at `now`, in AWS's words; undefined when it can. */
export function notRedrivableReason(state: ExecutionState, now: number): string | undefined {
  if (!redrivableStatuses.has(state.status) || state.redrivePoint === undefined) {
    return `Execution is ${state.status} and cannot be redriven`;
  }
  if (state.stopTime !== undefined && now - state.stopTime > redriveWindowMillis) {
    return 'Execution can no longer be redriven: it ended more than 14 days ago';
  }
  if (state.nextEventId - 1 > maxEventsBeforeRedrive) {
    return 'Execution cannot be redriven: its history has reached the maximum number of events';
  }
  return undefined;
}

export function isRedrivable(state: ExecutionState, now: number): boolean {
  return notRedrivableReason(state, now) === undefined;
}

/**
 * Keeps a thread that ended without finishing (failed, or aborted with `pending` still set). `pending` is
 * what the thread waited for when it stopped: a Parallel's or Map's results so far.
 */
export function keepUnfinished(state: ExecutionState, thread: ThreadState, pending: Pending | undefined): void {
  const snapshot: ThreadSnapshot = {
    id: thread.id,
    block: thread.block,
    recorded: thread.recorded,
    stateName: thread.stateName,
    input: thread.input,
  };
  if (thread.parent !== undefined) snapshot.parent = thread.parent;
  if (thread.variables !== undefined) snapshot.variables = thread.variables;
  const children = takeChildSnapshots(state, thread.id);
  const results = forkResults(pending);
  if (results !== undefined) {
    snapshot.children = { results, threads: children };
    const mapRun = redrivableMapRun(pending);
    if (mapRun !== undefined) snapshot.children.mapRun = mapRun;
  }
  if (thread.parent === undefined) {
    state.redrivePoint = snapshot;
  } else {
    state.unfinishedThreads ??= {};
    state.unfinishedThreads[thread.id] = snapshot;
  }
}

/** Removes and returns the snapshots of `threadId`'s children, by branch or item index. */
export function takeChildSnapshots(state: ExecutionState, threadId: string): Record<number, ThreadSnapshot> {
  const children: Record<number, ThreadSnapshot> = {};
  const unfinished = state.unfinishedThreads;
  if (unfinished === undefined) return children;
  for (const [id, snapshot] of Object.entries(unfinished)) {
    if (snapshot.parent?.threadId !== threadId) continue;
    children[snapshot.parent.index] = snapshot;
    Reflect.deleteProperty(unfinished, id);
  }
  if (Object.keys(unfinished).length === 0) state.unfinishedThreads = undefined;
  return children;
}

/**
 * Ends the execution's life as RUNNING with every live thread kept for a redrive (StopExecution, the
 * machine's TimeoutSeconds): children first, so that each parent folds in its children's snapshots.
 */
export function keepLiveThreads(state: ExecutionState): void {
  const threads = Object.values(state.threads).sort((a, b) => depth(b.id) - depth(a.id));
  for (const thread of threads) keepUnfinished(state, thread, thread.pending);
}

function depth(threadId: string): number {
  return threadId.split('.').length;
}

/** A redriven Parallel or Map takes what its children achieved before; undefined on a normal entry. */
export function takeRedrive(thread: ThreadState, childCount: number): ChildrenSnapshot | undefined {
  const redriveInfo = thread.redrive;
  thread.redrive = undefined;
  // The same input gives the same items; should a JSONata expression give others, everything runs again.
  if (redriveInfo === undefined || redriveInfo.results.length !== childCount) return undefined;
  return redriveInfo;
}
