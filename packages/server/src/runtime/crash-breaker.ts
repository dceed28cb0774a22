// The crash-loop breaker. A work item whose handling threw (a bug in a step, a bound the engine did not
// catch) keeps its lease and is performed again when the lease runs out; one that fails this many times
// in a row has its execution stopped, with a reason an operator sees, instead of failing forever.

import { keepsMapRuns } from '../store/map-run-store.ts';
import type { ClaimedWork, Store } from '../store/store.ts';

export const maxWorkFailures = 3;

export class CrashBreaker {
  /** Failures in a row, by work item id: only items that failed are here. */
  private readonly failures = new Map<string, number>();

  succeeded(workId: string): void {
    if (this.failures.size > 0) this.failures.delete(workId);
  }

  /** Counts a failure; true when it is the last one allowed (the count is then forgotten). */
  failed(workId: string): boolean {
    const count = (this.failures.get(workId) ?? 0) + 1;
    if (count < maxWorkFailures) {
      this.failures.set(workId, count);
      return false;
    }
    this.failures.delete(workId);
    return true;
  }
}

/** The cause recorded on an execution stopped by the breaker. */
export function brokenCause(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `Stepwise stopped this execution: its work failed ${maxWorkFailures} times in a row (${message.slice(0, 500)})`;
}

/**
 * Crashes charged to one work item (see Store.markWork) before its execution is stopped: the process
 * died this many times while performing it, so performing it again would most likely crash the server
 * on every start.
 */
export const maxWorkCrashes = 3;

/** The cause recorded on an execution whose work the process died in too often. */
export function crashedCause(item: { kind: string; crashes: number }): string {
  return (
    `Stepwise stopped this execution: the server stopped abruptly ${String(item.crashes)} times while ` +
    `performing its ${item.kind} work (a crash, an out-of-memory kill or SIGKILL)`
  );
}

/**
 * Work claimed again (its first attempt ended with the process, or its lease ran out) runs here, one item
 * at a time, each under a start mark: should the process die, only the item running then is charged.
 * Work claimed the first time runs concurrently and unmarked, so a healthy server pays nothing.
 */
export class RecoveryLane {
  private tail: Promise<void> = Promise.resolve();
  /** Items waiting for their turn or running: their leases must be kept alive meanwhile. */
  readonly held = new Set<string>();

  run(id: string, perform: () => Promise<void>): Promise<void> {
    this.held.add(id);
    const turn = this.tail.then(perform).finally(() => this.held.delete(id));
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}

/**
 * The execution a broken work item stops: its own, or for a map run's item (whose `executionArn` is the
 * run's ARN) the run's parent; undefined when the run is unknown.
 */
export async function executionToStop(store: Store, item: ClaimedWork): Promise<string | undefined> {
  if (item.kind !== 'mapRun') return item.executionArn;
  if (item.action.type === 'start') return item.action.executionArn;
  return keepsMapRuns(store) ? (await store.getMapRun(item.action.mapRunArn))?.executionArn : undefined;
}
