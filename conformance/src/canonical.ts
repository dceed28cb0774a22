// Order-insensitive views used by the comparison: Parallel branch windows, concurrent Map iterations, `<x:N>` numbers.
import { isTree } from './json-tree.ts';

const placeholder = /<([A-Za-z_][\w-]*):(\d+)>/g;

/** JSON text with sorted keys and placeholder numbers removed: a sort key independent of numbering. */
function sortKey(value: unknown): string {
  return canonicalJson(value).replace(placeholder, '<$1>');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isTree(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/**
 * Renumbers `<name:N>` placeholders by first appearance (sorted keys, depth first), so that numbers which
 * LocalStack counted across other snapshot entries of the same test do not matter, only their identity.
 */
export function renumberPlaceholders(value: unknown): unknown {
  const numbers = new Map<string, Map<string, number>>();
  const rewrite = (text: string): string =>
    text.replace(placeholder, (_m, name: string, n: string) => {
      const byName = numbers.get(name) ?? new Map<string, number>();
      numbers.set(name, byName);
      if (!byName.has(n)) byName.set(n, byName.size + 1);
      return `<${name}:${String(byName.get(n))}>`;
    });
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return rewrite(v);
    if (Array.isArray(v)) return v.map(walk);
    if (isTree(v)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = walk(v[k]);
      return out;
    }
    return v;
  };
  return walk(value);
}

function sortRange(events: unknown[], start: number, end: number): void {
  const window = events.slice(start, end).sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  events.splice(start, window.length, ...window);
}

/** Runs of events marked `id: [0]` by sfn_parallel_events_normalise are compared as multisets. */
function sortParallelWindows(events: unknown[]): void {
  let i = 0;
  while (i < events.length) {
    const isMarked = (e: unknown) => isTree(e) && Array.isArray(e.id);
    if (!isMarked(events[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < events.length && isMarked(events[j])) j++;
    sortRange(events, i, j);
    i = j;
  }
}

export { sortParallelWindows, sortRange };
