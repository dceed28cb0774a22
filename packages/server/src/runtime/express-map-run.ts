// An EXPRESS map run's children, run in memory by the node that holds the run's work item: each child's
// end is recorded in its item row, many per transaction, and no execution or history is written (AWS
// keeps none for Express). A crash loses the children in flight; the next attempt runs them again, so a
// child runs at least once, as AWS's Express workflows do (docs/choices.md).

import { mapRunChildExecutionArn, mapRunChildMachineName, type Machine } from '@stepwise/core';
import type { MapRunChildEnd, MapRunChildStart, MapRunRecord, MapRunStore } from '../store/map-run-store.ts';
import { runExpressChild, type ExpressChildHost } from './express-child.ts';

/** Children held in memory at once when the run sets no MaxConcurrency (AWS runs at most 10,000). */
const unboundedInFlight = 1000;
/**
 * Children taken from the store per turn of the loop, however much room MaxConcurrency leaves: 10,000 taken
 * at once lived long enough to reach V8's old generation, whose garbage took the server's RSS to 530 MiB on a
 * 100,000-item run; a thousand per turn die young. The run still fills its MaxConcurrency, a turn at a time.
 */
const takenPerTurn = 1000;
/** How often the run's row is read again while no child ends (a stop or UpdateMapRun from another node). */
const idlePollMillis = 1000;

export interface ExpressRunHost extends ExpressChildHost {
  readonly store: MapRunStore;
  /** Whether the node is shutting down: the children in flight are left to the next attempt. */
  closing(): boolean;
  /**
   * Keeps the claim on the run's work item (called before each commit of ends): false when this node holds
   * it no longer (its lease ran out and another node took the run over).
   */
  keepClaim(): Promise<boolean>;
  uuid(): string;
}

/** Why the loop left a run undecided: the node shuts down, or another node took the run over. */
export type ExpressRunLeft = 'closing' | 'lost';

/**
 * Runs the run's children until `decided(run)` or the run is no longer RUNNING; the run as it then stands,
 * or why it was left: on shutdown the work item runs the rest on its next attempt; when the claim was lost,
 * the node that took it runs them (the ends not yet committed here are dropped: those children run again).
 */
export async function runExpressChildren(
  host: ExpressRunHost,
  machine: Machine,
  run: MapRunRecord,
  decided: (run: MapRunRecord) => boolean,
): Promise<MapRunRecord | ExpressRunLeft> {
  const { store } = host;
  await store.requeueChildren(run.arn);
  const batch = new EndBatch();
  // One controller per child: thousands of listeners on one shared signal made each addEventListener slow.
  const running = new Map<Promise<void>, AbortController>();
  let current = (await store.getMapRun(run.arn)) ?? run;
  let lost = false;
  try {
    while (current.status === 'RUNNING' && !decided(current) && !host.closing()) {
      const limit = current.maxConcurrency === 0 ? unboundedInFlight : current.maxConcurrency;
      const room = Math.min(limit - running.size, takenPerTurn);
      if (room > 0 && current.counts.pending > 0) {
        for (const child of await take(host, run.arn, room)) {
          const controller = new AbortController();
          const ran = runOne(host, machine, run, child, controller.signal).then((end) => {
            batch.add(end);
          });
          running.set(ran, controller);
          void ran.finally(() => running.delete(ran));
        }
      }
      await batch.wait(idlePollMillis);
      // Checked before the ends are committed: a node whose lease ran out must not count them.
      lost = !(await host.keepClaim());
      if (lost) break;
      current = (await store.childrenEnded(run.arn, batch.take())) ?? current;
    }
  } finally {
    // Also when the store threw: no child may run on with nobody to count it.
    for (const controller of running.values()) controller.abort();
    await Promise.all(running.keys());
  }
  if (lost) return 'lost';
  // Stopped children end ABORTED, as AWS shows them; on shutdown they stay RUNNING, to be run again.
  if (host.closing()) return 'closing';
  return (await store.childrenEnded(run.arn, batch.take())) ?? current;
}

async function take(host: ExpressRunHost, mapRunArn: string, room: number): Promise<MapRunChildStart[]> {
  const taken = await host.store.takeChildren(mapRunArn, room, () => mapRunChildExecutionArn(mapRunArn, host.uuid()));
  // Started from the store's point of view: an unfinished one is found by requeueChildren, not takeChildren.
  if (taken.length > 0)
    await host.store.childrenStarted(
      mapRunArn,
      taken.map((child) => child.index),
    );
  return taken;
}

function runOne(
  host: ExpressChildHost,
  machine: Machine,
  run: MapRunRecord,
  child: MapRunChildStart,
  signal: AbortSignal,
): Promise<MapRunChildEnd> {
  const name = child.executionArn.slice(child.executionArn.lastIndexOf(':') + 1);
  const execution = {
    executionArn: child.executionArn,
    name,
    roleArn: run.roleArn,
    stateMachineArn: run.stateMachineArn,
    stateMachineName: mapRunChildMachineName(run.arn),
    express: true,
  };
  return runExpressChild(host, machine, execution, child.input, signal);
}

/** Ends waiting to be recorded: the next transaction takes all that came while the last one ran. */
class EndBatch {
  private ends: MapRunChildEnd[] = [];
  private wake: (() => void) | undefined;

  add(end: MapRunChildEnd): void {
    this.ends.push(end);
    this.wake?.();
  }

  take(): MapRunChildEnd[] {
    const ends = this.ends;
    this.ends = [];
    return ends;
  }

  /** Resolves when an end is waiting, or after `millis`. */
  async wait(millis: number): Promise<void> {
    if (this.ends.length > 0) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      timer = setTimeout(resolve, millis);
    });
    clearTimeout(timer);
    this.wake = undefined;
  }
}
