// The JSONPath subset the corpus's transformers use (`$..a.b`, `$..a..b`, `[*]`), with jsonpath_ng's match order.

export interface PathMatch {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
  value: unknown;
}

interface Segment {
  deep: boolean;
  name: string;
}

function parsePath(path: string): Segment[] {
  if (!path.startsWith('$')) throw new Error(`unsupported JSONPath ${path}`);
  const segments: Segment[] = [];
  const re = /(\.\.|\.)([^.[\]]+)|\[\*\]/gy;
  re.lastIndex = 1;
  let m: RegExpExecArray | null;
  while (re.lastIndex < path.length && (m = re.exec(path)) !== null) {
    if (m[0] === '[*]') segments.push({ deep: false, name: '*' });
    else segments.push({ deep: m[1] === '..', name: m[2] ?? '' });
  }
  if (re.lastIndex !== path.length && path.length > 1) throw new Error(`unsupported JSONPath ${path}`);
  return segments;
}

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null && !(v instanceof Date);
}

/**
 * The node itself, then its descendants depth-first in key order (jsonpath_ng's `..`). Collected into one
 * array: spreading each subtree's matches into its parent's overflowed the stack on a 25,000-event history.
 */
function selfAndDescendants(node: PathMatch, out: PathMatch[] = []): PathMatch[] {
  out.push(node);
  for (const child of children(node.value, '*')) selfAndDescendants(child, out);
  return out;
}

function children(value: unknown, name: string): PathMatch[] {
  if (!isContainer(value)) return [];
  if (Array.isArray(value)) {
    return name === '*' ? value.map((v, i) => ({ parent: value, key: i, value: v })) : [];
  }
  if (name === '*') return Object.entries(value).map(([k, v]) => ({ parent: value, key: k, value: v }));
  return Object.hasOwn(value, name) ? [{ parent: value, key: name, value: value[name] }] : [];
}

/** All matches of `path` in `root`, in jsonpath_ng's order, each node at most once. */
export function findPath(root: unknown, path: string): PathMatch[] {
  let current: PathMatch[] = [{ parent: [root], key: 0, value: root }];
  for (const segment of parsePath(path)) {
    const expanded = segment.deep ? current.flatMap((m) => selfAndDescendants(m)) : current;
    current = expanded.flatMap((m) => children(m.value, segment.name));
  }
  const seen = new Map<object, Set<string | number>>();
  return current.filter((m) => {
    const keys = seen.get(m.parent) ?? new Set<string | number>();
    seen.set(m.parent, keys);
    if (keys.has(m.key)) return false;
    keys.add(m.key);
    return true;
  });
}

/** Sets every match of `path` to `replacement`. */
export function updatePath(root: unknown, path: string, replacement: unknown): void {
  for (const m of findPath(root, path)) {
    if (Array.isArray(m.parent)) m.parent[m.key as number] = replacement;
    else m.parent[m.key as string] = replacement;
  }
}
