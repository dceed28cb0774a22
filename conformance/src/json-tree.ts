// Small helpers over the mutable JSON-ish trees the normaliser rewrites (they may hold Date values).

export type Tree = Record<string, unknown>;

export function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Deep copy with keys sorted, as LocalStack's `_order_dict` (lists inside lists are copied as they are). */
export function orderDict(value: unknown): unknown {
  if (isTree(value)) {
    const out: Tree = {};
    for (const key of Object.keys(value).sort(pythonCompare)) {
      const v = value[key];
      out[key] = Array.isArray(v) ? v.map((e) => (Array.isArray(e) ? deepCopy(e) : orderDict(e))) : orderDict(v);
    }
    return out;
  }
  return deepCopy(value);
}

export function deepCopy(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map(deepCopy);
  if (isTree(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepCopy(v)]));
  return value;
}

/** Python's str ordering (code points), which is what `sorted()` uses. */
export function pythonCompare(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * Step 1, brace parsing: a member whose value is a string starting with `{` that parses as JSON is replaced by
 * the parsed value; recursion goes through objects and the object elements of arrays, not into parsed values.
 */
export function braceParse(tree: Tree): void {
  for (const [key, v] of Object.entries(tree)) {
    if (Array.isArray(v)) for (const item of v) if (isTree(item)) braceParse(item);
    if (isTree(v)) braceParse(v);
    if (typeof v === 'string' && v.startsWith('{')) {
      try {
        tree[key] = JSON.parse(v) as unknown;
      } catch {
        // not JSON: stays a string
      }
    }
  }
}

/** LocalStack's KeyValueBasedTransformer walk: `match` sees every member; unmatched objects are recursed into. */
export function walkKeyValues(tree: Tree, visit: (tree: Tree, key: string, value: unknown) => boolean): void {
  for (const [key, v] of Object.entries(tree)) {
    if (visit(tree, key, v)) continue;
    if (Array.isArray(v)) {
      for (const item of v) if (isTree(item)) walkKeyValues(item, visit);
    } else if (isTree(v)) walkKeyValues(v, visit);
  }
}
