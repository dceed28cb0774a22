// An inline Map's results once stored stay in the store only (state-changes.ts, `release`): the engine reads
// them back when the Map assembles its output, and a Map that stops unfinished has them read into its redrive
// snapshot before that step's commit deletes its rows.

import type { ExecutionState, MapPartsReader, Payload, ThreadSnapshot } from '@stepwise/core';
import type { Store } from '../store/store.ts';
import { partKey, resultIndex } from '../store/state-parts.ts';

type PartReads = Required<Pick<Store, 'readStateParts'>>;

/** Whether results may leave the state: the store can read part rows back. */
export function releasesResults(store: Store): store is Store & PartReads {
  return typeof store.readStateParts === 'function';
}

/** The engine's reader of the execution `arn`'s stored Map results. */
export function mapResultsReader(store: PartReads, arn: string): MapPartsReader {
  return { results: (threadId) => storedResults(store, arn, threadId) };
}

async function storedResults(store: PartReads, arn: string, threadId: string): Promise<Map<number, Payload>> {
  const rows = await store.readStateParts(arn, partKey.results(threadId));
  return new Map(rows.map(([key, text]) => [resultIndex(key), JSON.parse(text) as Payload]));
}

/**
 * Fills the holes of the redrive snapshots the step made (the threads it touched, or all): a Map that stopped
 * unfinished keeps its results in its snapshot, and its result rows go with this step's commit.
 */
export async function fillSnapshots(
  store: PartReads,
  arn: string,
  state: ExecutionState,
  touched: ReadonlySet<string> | 'all',
): Promise<void> {
  const snapshots = Object.values(state.unfinishedThreads ?? {});
  if (state.redrivePoint !== undefined) snapshots.push(state.redrivePoint);
  for (const snapshot of snapshots) {
    if (touched === 'all' || touched.has(snapshot.id)) await fillSnapshot(store, arn, snapshot);
  }
}

async function fillSnapshot(store: PartReads, arn: string, snapshot: ThreadSnapshot): Promise<void> {
  const children = snapshot.children;
  if (children === undefined) return;
  for (const child of Object.values(children.threads)) await fillSnapshot(store, arn, child);
  const results = children.results;
  if (!hasHole(results)) return;
  const stored = await storedResults(store, arn, snapshot.id);
  for (let index = 0; index < results.length; index++) {
    if (results[index] === undefined) results[index] = stored.get(index) ?? null;
  }
}

function hasHole(values: readonly unknown[]): boolean {
  for (let index = 0; index < values.length; index++) if (values[index] === undefined) return true;
  return false;
}
