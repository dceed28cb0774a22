// What a step changed of an execution's state, as part rows (state-parts.ts): the rows of the threads the
// step touched, compared with what the store holds (the shadow), and the Map result slots its iterations
// filled. The cost is that of the step's own work, never that of the whole Map.

import type { ExecutionState, MapPending, Payload, ThreadState } from '@stepwise/core';
import { headText, ownRowChars, partKey, threadRowText, type StateParts } from './state-parts.ts';

/** What the store holds of one execution's state, kept beside the state between steps (the runtime's cache). */
export interface StateShadow {
  head: string;
  /** The execution's input when it is a row of its own. */
  input: Payload | undefined;
  threads: Map<string, ThreadShadow>;
  /** The characters of the threads' rows, kept up to date step by step (see shadowChars). */
  threadChars: number;
}

interface ThreadShadow {
  row: string;
  /** The thread's input when it is a row of its own. */
  input: Payload | undefined;
  map: MapShadow | undefined;
  /** The characters of this thread's rows: its own, its input's and its Map's. */
  chars: number;
}

/** The Map whose rows are stored: its items, input and results as written, and the iterations started then. */
interface MapShadow {
  pending: MapPending;
  items: MapPending['items'];
  input: MapPending['input'];
  results: MapPending['results'];
  nextIndex: number;
  /** The characters of the Map's rows: items, input and the results written so far. */
  itemsChars: number;
  inputChars: number;
  resultChars: number;
}

/**
 * The characters of every row the store holds of the state, the execution's size for the runtime's cache:
 * counted as rows are written, so it costs no more than the step's own rows.
 */
export function shadowChars(shadow: StateShadow): number {
  return shadow.head.length + (shadow.input?.text.length ?? 0) + shadow.threadChars;
}

/** The whole state as rows, replacing all the store holds (a new execution, or one the cache does not know). */
export function wholeState(state: ExecutionState): { parts: StateParts; shadow: StateShadow } {
  const shadow: StateShadow = { head: '', input: undefined, threads: new Map(), threadChars: 0 };
  const parts = stateChanges(state, shadow, 'all');
  parts.whole = true;
  return { parts, shadow };
}

/** A commit that leaves the state as the store holds it (a work item consumed without a step). */
export function unchangedState(shadow: StateShadow): StateParts {
  return { head: shadow.head, put: [], remove: [], removePrefixes: [] };
}

/**
 * The rows to write after a step, given the ids of the threads the step touched (read, written or deleted:
 * see thread-tracker.ts) or 'all'. Updates `shadow` to what the store holds once they are committed.
 */
export function stateChanges(
  state: ExecutionState,
  shadow: StateShadow,
  touched: ReadonlySet<string> | 'all',
): StateParts {
  const parts: StateParts = { head: '', put: [], remove: [], removePrefixes: [] };
  const inputOwnRow = state.input.text.length >= ownRowChars;
  if (inputOwnRow && shadow.input !== state.input)
    parts.put.push([partKey.executionInput, JSON.stringify(state.input)]);
  if (!inputOwnRow && shadow.input !== undefined) parts.remove.push(partKey.executionInput);
  shadow.input = inputOwnRow ? state.input : undefined;
  parts.head = headText(state, inputOwnRow);
  shadow.head = parts.head;
  const ids = touched === 'all' ? new Set([...shadow.threads.keys(), ...Object.keys(state.threads)]) : touched;
  const ended = endedIterations(ids, state, shadow);
  for (const id of new Set([...ids, ...ended.keys()])) {
    const thread = Object.hasOwn(state.threads, id) ? state.threads[id] : undefined;
    const before = shadow.threads.get(id);
    if (thread === undefined) {
      if (before !== undefined) removeThread(parts, id, before);
      shadow.threads.delete(id);
    } else {
      const after = writeThread(parts, thread, before, ended.get(id) ?? []);
      shadow.threads.set(id, after);
      shadow.threadChars += after.chars;
    }
    shadow.threadChars -= before?.chars ?? 0;
  }
  return parts;
}

/** The stored threads gone from the state, as their indexes by parent id (an ended Map iteration's slot). */
function endedIterations(ids: ReadonlySet<string>, state: ExecutionState, shadow: StateShadow): Map<string, number[]> {
  const ended = new Map<string, number[]>();
  for (const id of ids) {
    if (Object.hasOwn(state.threads, id) || !shadow.threads.has(id)) continue;
    const dot = id.lastIndexOf('.');
    if (dot < 0) continue;
    const parent = id.slice(0, dot);
    ended.set(parent, [...(ended.get(parent) ?? []), Number(id.slice(dot + 1))]);
  }
  return ended;
}

function removeThread(parts: StateParts, id: string, before: ThreadShadow): void {
  parts.remove.push(partKey.thread(id));
  if (before.input !== undefined) parts.remove.push(partKey.input(id));
  if (before.map !== undefined) removeMap(parts, id);
}

function removeMap(parts: StateParts, id: string): void {
  parts.remove.push(partKey.items(id), partKey.mapInput(id));
  parts.removePrefixes.push(partKey.results(id));
}

function writeThread(
  parts: StateParts,
  thread: ThreadState,
  before: ThreadShadow | undefined,
  endedIndexes: readonly number[],
): ThreadShadow {
  const id = thread.id;
  const inputOwnRow = thread.input.text.length >= ownRowChars;
  if (inputOwnRow && before?.input !== thread.input) parts.put.push([partKey.input(id), JSON.stringify(thread.input)]);
  if (!inputOwnRow && before?.input !== undefined) parts.remove.push(partKey.input(id));
  const map = writeMap(parts, thread, before?.map, endedIndexes);
  const row = threadRowText(thread, inputOwnRow);
  if (row !== before?.row) parts.put.push([partKey.thread(id), row]);
  const input = inputOwnRow ? thread.input : undefined;
  const chars = row.length + (input?.text.length ?? 0) + (map === undefined ? 0 : mapChars(map));
  return { row, input, map, chars };
}

/**
 * A Map's rows: its items and input when they are new (the Map starts, or its ItemReader answers), and each
 * result once, when its iteration ends: an iteration started since the last write, or one stored then and
 * gone now. Results replaced at once (a map run's end, a redrive) are written again whole.
 */
function writeMap(
  parts: StateParts,
  thread: ThreadState,
  before: MapShadow | undefined,
  endedIndexes: readonly number[],
): MapShadow | undefined {
  const id = thread.id;
  const pending = thread.pending?.kind === 'map' ? thread.pending : undefined;
  const same = before !== undefined && before.pending === pending ? before : undefined;
  if (before !== undefined && same === undefined) removeMap(parts, id);
  if (pending === undefined) return undefined;
  let { itemsChars = 0, inputChars = 0, resultChars = 0 } = same ?? {};
  const put = (index: number): void => {
    const result = pending.results[index];
    if (result === null || result === undefined) return;
    const text = JSON.stringify(result);
    parts.put.push([partKey.result(id, index), text]);
    resultChars += text.length;
  };
  if (same?.items !== pending.items) itemsChars = putRow(parts, partKey.items(id), pending.items);
  if (same?.input !== pending.input) inputChars = putRow(parts, partKey.mapInput(id), pending.input);
  if (same?.results !== pending.results) {
    if (same !== undefined) parts.removePrefixes.push(partKey.results(id));
    resultChars = 0;
    for (let index = 0; index < pending.results.length; index++) put(index);
  } else {
    for (const index of endedIndexes) if (index < same.nextIndex) put(index);
    for (let index = same.nextIndex; index < pending.nextIndex; index++) put(index);
  }
  const { items, input, results, nextIndex } = pending;
  return { pending, items, input, results, nextIndex, itemsChars, inputChars, resultChars };
}

/** Puts a row holding `value`; its characters. */
function putRow(parts: StateParts, key: string, value: unknown): number {
  const text = JSON.stringify(value);
  parts.put.push([key, text]);
  return text.length;
}

function mapChars(map: MapShadow): number {
  return map.itemsChars + map.inputChars + map.resultChars;
}
