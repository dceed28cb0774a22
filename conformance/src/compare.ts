// Deep comparison of normalised values (object key order irrelevant), reporting the first difference.

export interface Difference {
  /** JSON pointer into the compared values. */
  pointer: string;
  expected: unknown;
  actual: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

function compareArrays(expected: unknown[], actual: unknown[], pointer: string): Difference | undefined {
  for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
    const d = compare(expected[i], actual[i], `${pointer}/${i}`);
    if (d) return d;
  }
  if (expected.length === actual.length) return undefined;
  const i = Math.min(expected.length, actual.length);
  return { pointer: `${pointer}/${i}`, expected: expected[i], actual: actual[i] };
}

function compareObjects(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  pointer: string,
): Difference | undefined {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  for (const key of keys) {
    const p = `${pointer}/${escapeToken(key)}`;
    if (!Object.hasOwn(expected, key) || !Object.hasOwn(actual, key)) {
      return { pointer: p, expected: expected[key], actual: actual[key] };
    }
    const d = compare(expected[key], actual[key], p);
    if (d) return d;
  }
  return undefined;
}

/** The corpus README: `States.UUID()` output was recorded as this placeholder; any UUID stands for it. */
const generatedUuid = 'generated-uuid';
const uuidText = /^(<uuid:\d+>|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The first difference between two JSON values (depth-first, keys in sorted order), or undefined if equal. */
export function compare(expected: unknown, actual: unknown, pointer = ''): Difference | undefined {
  if (Object.is(expected, actual) || expected === actual) return undefined;
  if (expected === generatedUuid && typeof actual === 'string' && uuidText.test(actual)) return undefined;
  if (Array.isArray(expected) && Array.isArray(actual)) return compareArrays(expected, actual, pointer);
  if (isObject(expected) && isObject(actual)) return compareObjects(expected, actual, pointer);
  return { pointer, expected, actual };
}
