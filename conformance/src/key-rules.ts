// Step 3 of the normalisation: LocalStack's basic key rules (UUIDs under *id keys, datetimes, timestamps).
import type { Tree } from './json-tree.ts';
import { keyValueTransform } from './key-value.ts';
import type { TransformContext } from './transform-context.ts';

const uuidPrefix = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}/;

/** LocalStack's PATTERN_ISO8601 (a date-time with a zone). */
export const iso8601Source =
  '(?:[1-9]\\d{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)' +
  '|(?:[1-9]\\d(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29)' +
  'T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?(?:Z|[+-][01]\\d:?([0-5]\\d)?)';

const isoPrefix = new RegExp(`^${iso8601Source}`);
const timestampKey = /^.*timestamp.*$/i;

/** Python's str() of a value, as far as the timestamp rule needs it (only its ISO-8601 prefix matters). */
function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? 'None' : JSON.stringify(value);
}

/** Registers the UUID references, then rewrites dates and timestamps in place (SNAPSHOT_BASIC_TRANSFORMER). */
export function applyKeyRules(root: Tree, ctx: TransformContext): void {
  keyValueTransform(
    root,
    (k, v) => (typeof v === 'string' && k.toLowerCase().endsWith('id') && uuidPrefix.test(v) ? v : undefined),
    'uuid',
    true,
    ctx,
  );
  keyValueTransform(root, (_k, v) => (v instanceof Date ? v : undefined), 'datetime', false, ctx);
  keyValueTransform(
    root,
    (k, v) =>
      (timestampKey.test(k) || k === 'creationTime' || k === 'ingestionTime') && !isoPrefix.test(pythonStr(v))
        ? pythonStr(v)
        : undefined,
    'timestamp',
    false,
    ctx,
  );
}
