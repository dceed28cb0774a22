// Concurrent Map iterations: their events are compared order-insensitively (ids masked, window as a multiset).
import { sortParallelWindows, sortRange } from './canonical.ts';
import { deepCopy, isTree, type Tree } from './json-tree.ts';

const masked = '<map-iteration>';
const mapEnd = new Set(['MapStateSucceeded', 'MapStateFailed', 'MapStateAborted']);

/** Map state name -> whether it may run iterations concurrently (MaxConcurrency absent, 0, > 1, or dynamic). */
export function concurrentMaps(definition: unknown): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    if (!isTree(node)) return;
    if (isTree(node.States)) {
      for (const [name, state] of Object.entries(node.States)) {
        if (isTree(state) && state.Type === 'Map') out.set(name, state.MaxConcurrency !== 1);
      }
    }
    Object.values(node).forEach(walk);
  };
  walk(definition);
  return out;
}

interface Window {
  start: number;
  end: number;
}

function findWindows(events: unknown[], concurrent: Map<string, boolean>): Window[] {
  const stack: { name: string; start: number }[] = [];
  const windows: Window[] = [];
  let entered = '';
  events.forEach((e, i) => {
    if (!isTree(e)) return;
    if (e.type === 'MapStateEntered' && isTree(e.stateEnteredEventDetails)) {
      entered = String(e.stateEnteredEventDetails.name);
    } else if (e.type === 'MapStateStarted') stack.push({ name: entered, start: i + 1 });
    else if (typeof e.type === 'string' && mapEnd.has(e.type)) {
      const open = stack.pop();
      if (open && concurrent.get(open.name) !== false) windows.push({ start: open.start, end: i });
    }
  });
  return windows;
}

function maskWindow(events: unknown[], w: Window): void {
  const ids = new Set<unknown>();
  for (let i = w.start; i < w.end; i++) {
    const e = events[i];
    if (!isTree(e)) continue;
    ids.add(e.id);
    e.id = masked;
    e.previousEventId = masked;
  }
  for (let i = w.end; i < events.length; i++) {
    const e = events[i];
    if (isTree(e) && ids.has(e.previousEventId)) e.previousEventId = masked;
  }
  sortRange(events, w.start, w.end);
}

/** A copy of normalised history events with Parallel windows and concurrent Map windows made order-free. */
export function canonicalEvents(events: readonly unknown[], definition: unknown): unknown[] {
  const copy = deepCopy(events) as Tree[];
  sortParallelWindows(copy);
  const windows = findWindows(copy, concurrentMaps(definition));
  for (const w of windows.sort((a, b) => a.end - a.start - (b.end - b.start))) maskWindow(copy, w);
  return copy;
}
