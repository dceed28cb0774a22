// How an execution's state is kept in the store: a small head, written on every step, and rows of its own
// per thread, per large payload and per Map result slot, so that a step writes what it changed and a Map
// of N items costs the same per iteration whatever N is (see state-changes.ts for what a step wrote).

import type { ExecutionState, MapPending, Payload, ThreadState } from '@stepwise/core';

/** What a commit writes of the state: the head, and the part rows (removed first, then put). */
export interface StateParts {
  /** The state without its threads and large payloads (JSON text beginning with `headMark`). */
  head: string;
  /** Rows written, inserted or replaced, as [key, JSON text]; one key at most once. */
  put: [string, string][];
  /** Rows deleted, by key. */
  remove: string[];
  /** Rows deleted, every key starting with one of these. */
  removePrefixes: string[];
  /** Every row of the execution is deleted before `put` (the state written whole). */
  whole?: boolean;
}

const headMark = '{"$parts":1,';

/** A payload at least this long is a row of its own, written only when it changes (a Map's input). */
export const ownRowChars = 1024;

/** The keys of part rows. A thread id never holds ':', so a prefix names one thread's rows exactly. */
export const partKey = {
  executionInput: 'x',
  thread: (id: string): string => `t:${id}`,
  input: (id: string): string => `i:${id}`,
  items: (id: string): string => `mi:${id}`,
  mapInput: (id: string): string => `mx:${id}`,
  results: (id: string): string => `r:${id}:`,
  result: (id: string, index: number): string => `r:${id}:${index}`,
};

interface Head extends Omit<ExecutionState, 'threads' | 'input'> {
  $parts: 1;
  /** The thread ids in the state's order (iteration order decides which thread a scan finds first). */
  $threads: string[];
  input?: Payload;
}

/** A thread as its row holds it: the input and the Map's large members may be rows of their own. */
type ThreadRow = Omit<ThreadState, 'input' | 'pending'> & {
  input?: Payload;
  $input?: 1;
  pending?: ThreadState['pending'] | MapRow;
};
type MapRow = Omit<MapPending, 'items' | 'input' | 'results'> & { $slots: number };

/** Whether a state column holds a head (the parts format) rather than a whole state (before migration 0015). */
export function isPartsHead(text: string): boolean {
  return text.startsWith(headMark);
}

export function headText(state: ExecutionState, inputOwnRow: boolean): string {
  const { threads, input, ...rest } = state;
  const head: Head = { $parts: 1, ...rest, $threads: Object.keys(threads) };
  if (!inputOwnRow) head.input = input;
  return JSON.stringify(head);
}

/** A thread's row: a Map's items, input and results, and an input of `ownRowChars` or more, are left out. */
export function threadRowText(thread: ThreadState, inputOwnRow: boolean): string {
  const row: ThreadRow = { ...thread };
  if (inputOwnRow) {
    delete row.input;
    row.$input = 1;
  }
  const pending = thread.pending;
  if (pending?.kind === 'map') {
    const kept: Partial<MapPending> & { $slots: number } = { ...pending, $slots: pending.results.length };
    delete kept.items;
    delete kept.input;
    delete kept.results;
    row.pending = kept as MapRow;
  }
  return JSON.stringify(row);
}

/** States assembled from parts whole, so known to be stored in parts (see `readFromParts`). */
const assembled = new WeakSet<ExecutionState>();

/**
 * Whether a state just read was stored in parts, whole: the next commit may then write only what a step
 * changes. A state written before migration 0015 is written whole once first.
 */
export function readFromParts(state: ExecutionState): boolean {
  return assembled.has(state);
}

/**
 * The state from its head and part rows (any order). With `threads` false, the rows are only the
 * execution's input (if it has its own) and the state has no threads (see `ExecutionRead`).
 */
export function assembleState(
  headJson: string,
  rows: Iterable<readonly [string, string]>,
  threads = true,
): ExecutionState {
  const { $threads, ...rest } = JSON.parse(headJson) as Omit<Head, '$parts'> & { $parts?: 1 };
  delete rest.$parts;
  const found = new Map<string, string>();
  const slots = new Map<string, [number, string][]>();
  for (const [key, text] of rows) {
    if (!key.startsWith('r:')) {
      found.set(key, text);
      continue;
    }
    const at = key.lastIndexOf(':');
    const id = key.slice(2, at);
    let list = slots.get(id);
    if (list === undefined) slots.set(id, (list = []));
    list.push([Number(key.slice(at + 1)), text]);
  }
  const input = rest.input ?? (parsePart(found, partKey.executionInput) as Payload);
  const table: Record<string, ThreadState> = {};
  if (threads) for (const id of $threads) table[id] = threadOf(id, found, slots.get(id) ?? []);
  const state: ExecutionState = { ...rest, input, threads: table };
  if (threads) assembled.add(state);
  return state;
}

function threadOf(id: string, found: Map<string, string>, slots: [number, string][]): ThreadState {
  const row = parsePart(found, partKey.thread(id)) as ThreadRow;
  const { $input, pending, ...kept } = row;
  const input = $input === undefined ? row.input : (parsePart(found, partKey.input(id)) as Payload);
  const thread = { ...kept, input } as ThreadState;
  if (pending === undefined) return thread;
  if (pending.kind !== 'map') {
    thread.pending = pending;
    return thread;
  }
  const { $slots, ...map } = pending as MapRow;
  const results: (Payload | null)[] = new Array<Payload | null>($slots).fill(null);
  for (const [index, text] of slots) results[index] = JSON.parse(text) as Payload;
  const items = parsePart(found, partKey.items(id)) as MapPending['items'];
  const mapInput = parsePart(found, partKey.mapInput(id)) as MapPending['input'];
  thread.pending = { ...map, items, input: mapInput, results };
  return thread;
}

function parsePart(found: Map<string, string>, key: string): unknown {
  const text = found.get(key);
  if (text === undefined) throw new Error(`execution state: part ${key} is missing from the store`);
  return JSON.parse(text);
}

/** The index of a Map result slot's row, from its key (`partKey.result`). */
export function resultIndex(key: string): number {
  return Number(key.slice(key.lastIndexOf(':') + 1));
}

/** The first key after every key starting with `prefix` (for a range delete). */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
