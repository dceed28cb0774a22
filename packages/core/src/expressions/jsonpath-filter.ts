// Parses and compiles Jayway filter expressions `[?(...)]` into predicates (comparisons, && || !, existence).

import { jsonEquals, type JsonValue } from '../json/json-value.ts';
import type { FilterPredicate, PathStep } from './jsonpath-ast.ts';
import { isDefiniteSteps } from './jsonpath-ast.ts';
import { collectAll, readDefinite } from './jsonpath-evaluate.ts';
import { parseRoot, parseSteps, readQuoted } from './jsonpath-parser.ts';
import { isDigit, type Cursor } from './cursor.ts';
import { compileLinearRegex } from './linear-regex.ts';
import { StatesErrors, StatesFailure } from '../asl/errors.ts';

/** A filter operand, evaluated against the current item and the document root. */
type Operand = (node: JsonValue, root: JsonValue) => JsonValue | undefined;
type Comparator = (left: JsonValue | undefined, right: JsonValue | undefined) => boolean;

interface Term {
  operand: Operand;
  /** A path term alone tests existence; an indefinite one exists when it matches anything. */
  path: 'definite' | 'indefinite' | undefined;
  regex?: { test(text: string): boolean };
}

/** Parses the body of `[?( ... )]` with the cursor after `?(`; consumes the closing `)`. */
export function parseFilter(cursor: Cursor): PathStep & { kind: 'filter' } {
  const predicate = parseOr(cursor);
  cursor.skipSpaces();
  cursor.expect(')');
  return { kind: 'filter', predicate };
}

function parseOr(cursor: Cursor): FilterPredicate {
  let left = parseAnd(cursor);
  while (cursor.eatAfterSpaces('||')) {
    const first = left;
    const second = parseAnd(cursor);
    left = (node, root) => first(node, root) || second(node, root);
  }
  return left;
}

function parseAnd(cursor: Cursor): FilterPredicate {
  let left = parseUnary(cursor);
  while (cursor.eatAfterSpaces('&&')) {
    const first = left;
    const second = parseUnary(cursor);
    left = (node, root) => first(node, root) && second(node, root);
  }
  return left;
}

function parseUnary(cursor: Cursor): FilterPredicate {
  cursor.skipSpaces();
  if (cursor.peek() === '!' && cursor.peek(1) !== '=') {
    cursor.pos += 1;
    const inner = parseUnary(cursor);
    return (node, root) => !inner(node, root);
  }
  if (cursor.eat('(')) {
    const inner = parseOr(cursor);
    cursor.skipSpaces();
    cursor.expect(')');
    return inner;
  }
  return parseComparison(cursor);
}

function parseComparison(cursor: Cursor): FilterPredicate {
  const left = parseTerm(cursor);
  cursor.skipSpaces();
  const operator = readOperator(cursor);
  if (operator === undefined) {
    const { operand, path } = left;
    if (path === 'definite') return (node, root) => operand(node, root) !== undefined;
    if (path === 'indefinite') return (node, root) => (operand(node, root) as JsonValue[]).length > 0;
    return (node, root) => isTruthy(operand(node, root));
  }
  cursor.skipSpaces();
  const right = parseTerm(cursor);
  if (operator === '=~') {
    const { regex } = right;
    if (regex === undefined) cursor.fail("Expected a regular expression after '=~'");
    return (node, root) => {
      const value = left.operand(node, root);
      return typeof value === 'string' && regex.test(value);
    };
  }
  const compare = COMPARATORS[operator];
  if (compare === undefined) cursor.fail(`Unsupported filter operator '${operator}'`);
  return (node, root) => compare(left.operand(node, root), right.operand(node, root));
}

const SYMBOL_OPERATORS = ['==', '!=', '<=', '>=', '=~', '<', '>'];
const WORD_OPERATORS = ['subsetof', 'contains', 'anyof', 'noneof', 'empty', 'size', 'nin', 'in'];

function readOperator(cursor: Cursor): string | undefined {
  for (const symbol of SYMBOL_OPERATORS) if (cursor.eat(symbol)) return symbol;
  for (const word of WORD_OPERATORS) {
    const after = cursor.text.charAt(cursor.pos + word.length);
    if (cursor.startsWith(word) && (after === ' ' || after === '[' || after === '')) {
      cursor.pos += word.length;
      return word;
    }
  }
  return undefined;
}

function parseTerm(cursor: Cursor): Term {
  cursor.skipSpaces();
  const char = cursor.peek();
  if (char === '@' || char === '$') return parsePathTerm(cursor);
  if (char === '/') {
    const regex = readRegex(cursor);
    return { operand: () => undefined, path: undefined, regex };
  }
  const value = parseLiteral(cursor);
  return { operand: () => value, path: undefined };
}

function parsePathTerm(cursor: Cursor): Term {
  const root = parseRoot(cursor, true);
  if (root !== 'current' && root.kind !== 'input') cursor.fail("A filter can refer only to '@' or '$'");
  const steps = parseSteps(cursor, parseFilter);
  const fromCurrent = root === 'current';
  const definite = isDefiniteSteps(steps);
  const read = definite
    ? (base: JsonValue) => readDefinite(steps, base)
    : (base: JsonValue, root: JsonValue) => collectAll(steps, base, root);
  return {
    operand: (node, docRoot) => read(fromCurrent ? node : docRoot, docRoot),
    path: definite ? 'definite' : 'indefinite',
  };
}

function parseLiteral(cursor: Cursor): JsonValue {
  const char = cursor.peek();
  if (char === "'" || char === '"') return readQuoted(cursor);
  if (char === '[') return parseList(cursor);
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (cursor.eat(word)) return value;
  }
  const match = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(cursor.text.slice(cursor.pos));
  if (match === null || !isDigit(match[0].replace('-', '').charAt(0))) cursor.fail('Expected a filter operand');
  cursor.pos += match[0].length;
  return Number(match[0]);
}

function parseList(cursor: Cursor): JsonValue[] {
  cursor.expect('[');
  const items: JsonValue[] = [];
  cursor.skipSpaces();
  if (cursor.eat(']')) return items;
  do {
    cursor.skipSpaces();
    items.push(parseLiteral(cursor));
    cursor.skipSpaces();
  } while (cursor.eat(','));
  cursor.expect(']');
  return items;
}

function readRegex(cursor: Cursor): { test(text: string): boolean } {
  cursor.expect('/');
  const start = cursor.pos;
  while (!cursor.atEnd() && cursor.peek() !== '/') cursor.pos += cursor.peek() === '\\' ? 2 : 1;
  const body = cursor.text.slice(start, cursor.pos);
  cursor.expect('/');
  const flagStart = cursor.pos;
  while (/[imsu]/.test(cursor.peek())) cursor.pos += 1;
  const flags = cursor.text.slice(flagStart, cursor.pos);
  // Jayway matches the whole string (Java's Matcher.matches), hence the anchors.
  const source = `^(?:${body})$`;
  try {
    new RegExp(source, flags);
  } catch {
    return cursor.fail(`Invalid regular expression /${body}/`);
  }
  try {
    return compileLinearRegex(source, flags);
  } catch (error) {
    // Valid, but beyond a linear-time engine: the filter fails when it runs, naming the pattern.
    const cause = error instanceof Error ? error.message : String(error);
    return {
      test: () => {
        throw new StatesFailure(StatesErrors.Runtime, cause);
      },
    };
  }
}

function isTruthy(value: JsonValue | undefined): boolean {
  return value !== undefined && value !== null && value !== false;
}

function ordered(test: (order: number) => boolean): Comparator {
  return (left, right) => {
    if (typeof left === 'number' && typeof right === 'number') return test(left - right);
    if (typeof left === 'string' && typeof right === 'string') return test(left < right ? -1 : left > right ? 1 : 0);
    return false;
  };
}

const equals: Comparator = (left, right) => left !== undefined && right !== undefined && jsonEquals(left, right);
const within = (item: JsonValue | undefined, list: JsonValue | undefined): boolean =>
  item !== undefined && Array.isArray(list) && list.some((entry) => jsonEquals(entry, item));
const sizeOf = (value: JsonValue | undefined): number | undefined =>
  typeof value === 'string' || Array.isArray(value) ? value.length : undefined;

const COMPARATORS: Readonly<Record<string, Comparator>> = {
  '==': equals,
  '!=': (left, right) => !equals(left, right),
  '<': ordered((order) => order < 0),
  '<=': ordered((order) => order <= 0),
  '>': ordered((order) => order > 0),
  '>=': ordered((order) => order >= 0),
  in: within,
  nin: (left, right) => left !== undefined && !within(left, right),
  subsetof: (left, right) => Array.isArray(left) && left.every((item) => within(item, right)),
  anyof: (left, right) => Array.isArray(left) && left.some((item) => within(item, right)),
  noneof: (left, right) => Array.isArray(left) && !left.some((item) => within(item, right)),
  contains: (left, right) =>
    typeof left === 'string' ? typeof right === 'string' && left.includes(right) : within(right, left),
  size: (left, right) => sizeOf(left) === right,
  empty: (left, right) => sizeOf(left) !== undefined && (sizeOf(left) === 0) === right,
};
