// The values an event-pattern leaf accepts: literals and AWS's content filters (prefix, suffix, anything-but,
// numeric, exists, equals-ignore-case, wildcard, cidr), each compiled once into a test of one event value.

import { cidrTest } from './pattern-cidr.ts';
import { PatternError } from './pattern-error.ts';
import type { Leaf, ValueTest } from './value-test.ts';

export type { Leaf, ValueTest };

/** One element of a leaf's array: a literal, or an object naming one operator. */
export function valueTest(item: unknown): ValueTest {
  if (item === null || typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
    return (value) => value === item;
  }
  if (typeof item !== 'object' || Array.isArray(item)) {
    throw new PatternError('Match value must be String, number, true, false, or null');
  }
  const entries = Object.entries(item);
  if (entries.length !== 1) throw new PatternError('Match object must have exactly one operator');
  const [operator, operand] = entries[0] as [string, unknown];
  return operatorTest(operator, operand);
}

function operatorTest(operator: string, operand: unknown): ValueTest {
  switch (operator) {
    case 'prefix':
      return affixTest('prefix', operand, (value, affix) => value.startsWith(affix));
    case 'suffix':
      return affixTest('suffix', operand, (value, affix) => value.endsWith(affix));
    case 'equals-ignore-case':
      return ignoreCaseTest(operand);
    case 'wildcard':
      return wildcardTest(operand);
    case 'anything-but':
      return anythingButTest(operand);
    case 'numeric':
      return numericTest(operand);
    case 'exists':
      if (operand !== true) throw new PatternError('exists match pattern must be either true or false.');
      return () => true;
    case 'cidr':
      return cidrTest(operand);
    default:
      throw new PatternError(`Unrecognized match type ${operator}`);
  }
}

function affixTest(name: string, operand: unknown, test: (value: string, affix: string) => boolean): ValueTest {
  if (typeof operand === 'string') return (value) => typeof value === 'string' && test(value, operand);
  const keys = typeof operand === 'object' && operand !== null ? Object.keys(operand) : [];
  const folded = (operand as Record<string, unknown> | null)?.['equals-ignore-case'];
  if (keys.length === 1 && typeof folded === 'string') {
    const affix = folded.toLowerCase();
    return (value) => typeof value === 'string' && test(value.toLowerCase(), affix);
  }
  throw new PatternError(`${name} match pattern must be a string`);
}

function ignoreCaseTest(operand: unknown): ValueTest {
  if (typeof operand !== 'string') throw new PatternError('equals-ignore-case match pattern must be a string');
  const lower = operand.toLowerCase();
  return (value) => typeof value === 'string' && value.toLowerCase() === lower;
}

/** `*` matches any run of characters; `\*` and `\\` stand for themselves. */
export function wildcardTest(operand: unknown): ValueTest {
  if (typeof operand !== 'string') throw new PatternError('wildcard match pattern must be a string');
  let source = '';
  for (let i = 0; i < operand.length; i++) {
    const char = operand[i] as string;
    if (char === '\\') {
      const next = operand[i + 1];
      if (next !== '*' && next !== '\\') throw new PatternError(`Invalid escape character at pos ${String(i)}`);
      source += `\\${next}`;
      i++;
    } else if (char === '*') {
      if (operand[i + 1] === '*') throw new PatternError(`Consecutive wildcard characters at pos ${String(i)}`);
      source += '.*';
    } else {
      source += char.replace(/[.+?^${}()|[\]]/g, '\\$&');
    }
  }
  const regex = new RegExp(`^${source}$`, 's');
  return (value) => typeof value === 'string' && regex.test(value);
}

function anythingButTest(operand: unknown): ValueTest {
  const excluded = anythingButInner(operand);
  // A present value that is none of the excluded ones (an absent field never matches).
  return (value) => !excluded(value);
}

function anythingButInner(operand: unknown): ValueTest {
  if (typeof operand === 'string' || typeof operand === 'number') return (value) => value === operand;
  if (Array.isArray(operand)) {
    if (operand.length === 0 || !operand.every((v) => typeof v === 'string' || typeof v === 'number')) {
      throw new PatternError('Inside anything but list, start|null|boolean is not supported.');
    }
    const set = new Set<unknown>(operand);
    return (value) => set.has(value);
  }
  if (typeof operand === 'object' && operand !== null && Object.keys(operand).length === 1) {
    const [name, inner] = Object.entries(operand)[0] as [string, unknown];
    if (['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(name)) {
      const tests = (Array.isArray(inner) ? inner : [inner]).map((one) => operatorTest(name, one));
      return (value) => tests.some((test) => test(value));
    }
  }
  throw new PatternError('Value of anything-but must be an array or single string/number value.');
}

const lowerOps = new Set(['>', '>=']);
const upperOps = new Set(['<', '<=']);

/** `["=", 5]`, `[">", 0]`, `[">", 0, "<=", 5]`: a lower bound comes before an upper one. */
function numericTest(operand: unknown): ValueTest {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    throw new PatternError('Value of numeric match must be an array of 2 or 4 elements');
  }
  const bounds: [string, number][] = [];
  for (let i = 0; i < operand.length; i += 2) {
    const op: unknown = operand[i];
    const limit: unknown = operand[i + 1];
    if (typeof op !== 'string' || !['=', '<', '<=', '>', '>='].includes(op)) {
      throw new PatternError(`Unrecognized numeric range operator: ${JSON.stringify(op)}`);
    }
    if (typeof limit !== 'number') throw new PatternError(`Value of ${op} must be numeric`);
    bounds.push([op, limit]);
  }
  const [first, second] = bounds;
  if (second !== undefined && !(lowerOps.has(first?.[0] ?? '') && upperOps.has(second[0]))) {
    throw new PatternError('Bad numeric range: a lower bound (> or >=) must come before an upper bound (< or <=)');
  }
  return (value) => typeof value === 'number' && bounds.every(([op, limit]) => compare(op, value, limit));
}

function compare(op: string, value: number, limit: number): boolean {
  if (op === '=') return value === limit;
  if (op === '<') return value < limit;
  if (op === '<=') return value <= limit;
  if (op === '>') return value > limit;
  return value >= limit;
}
