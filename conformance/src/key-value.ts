// LocalStack's KeyValueBasedTransformer and TransformerUtility.key_value.
import { walkKeyValues, type Tree } from './json-tree.ts';
import type { TransformContext } from './transform-context.ts';

/** What a key/value matcher returns: the value to replace, or undefined for no match. */
export type KeyValueMatch = (key: string, value: unknown) => unknown;

/** LocalStack's KeyValueBasedTransformer. */
export function keyValueTransform(
  root: Tree,
  match: KeyValueMatch,
  replacement: string,
  reference: boolean,
  ctx: TransformContext,
): void {
  walkKeyValues(root, (tree, key, value) => {
    const found = match(key, value);
    if (found === undefined) return false;
    if (reference) ctx.reference(found, replacement);
    else if (typeof value === 'string' && typeof found === 'string') tree[key] = value.replaceAll(found, replacement);
    else tree[key] = replacement;
    return true;
  });
}

/** TransformerUtility.key_value: the member named `key` with a non-empty value. */
export function keyValue(root: Tree, key: string, replacement: string, reference: boolean, ctx: TransformContext) {
  const match: KeyValueMatch = (k, v) => (k === key && v !== null && v !== '' ? v : undefined);
  keyValueTransform(root, match, replacement, reference, ctx);
}
