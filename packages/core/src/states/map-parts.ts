// The results of an inline Map that the runtime keeps in its store rather than in the state (holes in
// MapPending.results, see MapPartsReader): read back once, when the Map assembles its output.

import type { StateContext } from '../engine/state-context.ts';
import type { MapPending, ThreadState } from '../engine/types.ts';

/** Whether every result is in the state (always so unless the runtime keeps results in its store). */
export function resultsHeld(pending: MapPending): boolean {
  const results = pending.results;
  for (let index = 0; index < results.length; index++) if (results[index] === undefined) return false;
  return true;
}

/**
 * Fills the holes of `pending.results` from the store. A hole the store has no row for is an iteration
 * without a result (null), as in a state that holds them all.
 */
export async function readResults(run: StateContext, thread: ThreadState, pending: MapPending): Promise<void> {
  const reader = run.ctx.mapParts;
  if (reader === undefined) throw new Error(`Map ${thread.id}: its results are in a store no reader was given for`);
  const stored = await reader.results(thread.id);
  const results = pending.results;
  for (let index = 0; index < results.length; index++) {
    if (results[index] === undefined) results[index] = stored.get(index) ?? null;
  }
}
