// The JSONPath-mode Choice operators as data: each AWS operator name maps to a comparator or a type test.

import type { JsonValue } from '../json/json-value.ts';
import { compileStringMatches } from './choice-string-matches.ts';
import type { Instant } from '../asl/timestamp.ts';
import { compareInstants, isTimestamp, parseTimestamp } from '../asl/timestamp.ts';

/** A test of the Variable's value against an operand already bound in. */
export type ValueTest = (value: JsonValue) => boolean;

/** A comparison operator (StringEquals, NumericLessThanPath, StringMatches, ...). */
export interface ComparisonOperator {
  /** True for the `...Path` forms, whose operand is a path to the value to compare with. */
  readonly operandIsPath: boolean;
  /**
   * Binds the operand (the literal, or what the `...Path` found), parsing it once. Undefined when the operand is not of
   * the operator's type: AWS rejects such a literal at definition time, and such a path operand matches nothing.
   */
  bind(operand: JsonValue): ValueTest | undefined;
}

/** How one operand type is read from JSON and ordered. `compare` gives NaN for unordered values (never matches). */
interface OperandType<T> {
  read(value: JsonValue): T | undefined;
  compare(a: T, b: T): number;
}

type Relation = (order: number) => boolean;

const relations: Readonly<Record<string, Relation>> = {
  Equals: (order) => order === 0,
  LessThan: (order) => order < 0,
  GreaterThan: (order) => order > 0,
  LessThanEquals: (order) => order <= 0,
  GreaterThanEquals: (order) => order >= 0,
};

function order<T extends string | number>(a: T, b: T): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return a === b ? 0 : Number.NaN;
}

// Strings order by UTF-16 code unit, as Java's String.compareTo (which AWS documents) and JavaScript's `<` both do.
const stringType: OperandType<string> = {
  read: (value) => (typeof value === 'string' ? value : undefined),
  compare: order,
};

// JSON numbers are IEEE 754 doubles here: 1 and 1.0 are equal; integers beyond 2^53 compare as their nearest double.
const numericType: OperandType<number> = {
  read: (value) => (typeof value === 'number' ? value : undefined),
  compare: order,
};

const booleanType: OperandType<boolean> = {
  read: (value) => (typeof value === 'boolean' ? value : undefined),
  compare: (a, b) => (a === b ? 0 : Number.NaN),
};

// A string that is not a timestamp AWS accepts is simply not a timestamp: the comparison is false.
const timestampType: OperandType<Instant> = {
  read: (value) => (typeof value === 'string' ? parseTimestamp(value) : undefined),
  compare: compareInstants,
};

function comparator<T>(type: OperandType<T>, relation: Relation): (operand: JsonValue) => ValueTest | undefined {
  return (operand) => {
    const right = type.read(operand);
    if (right === undefined) return undefined;
    return (value) => {
      const left = type.read(value);
      return left !== undefined && relation(type.compare(left, right));
    };
  };
}

function family<T>(prefix: string, type: OperandType<T>, names: readonly string[]): [string, ComparisonOperator][] {
  return names.flatMap((name) => {
    const relation = relations[name];
    if (relation === undefined) throw new Error(`unknown relation ${name}`);
    const bind = comparator(type, relation);
    return [
      [`${prefix}${name}`, { operandIsPath: false, bind }],
      [`${prefix}${name}Path`, { operandIsPath: true, bind }],
    ];
  });
}

const ordered = Object.keys(relations);

const stringMatches: ComparisonOperator = {
  operandIsPath: false,
  bind: (operand) => {
    if (typeof operand !== 'string') return undefined;
    const matcher = compileStringMatches(operand);
    return (value) => typeof value === 'string' && matcher(value);
  },
};

/** Every comparison operator of JSONPath mode, by AWS's name. There is no StringMatchesPath in ASL. */
export const comparisonOperators: ReadonlyMap<string, ComparisonOperator> = new Map([
  ...family('String', stringType, ordered),
  ...family('Numeric', numericType, ordered),
  ...family('Timestamp', timestampType, ordered),
  ...family('Boolean', booleanType, ['Equals']),
  ['StringMatches', stringMatches],
]);

/** The type tests (their operand is a boolean: the rule matches when the test's outcome equals it). */
export const typeTests: ReadonlyMap<string, ValueTest> = new Map<string, ValueTest>([
  ['IsNull', (value) => value === null],
  ['IsNumeric', (value) => typeof value === 'number'],
  ['IsString', (value) => typeof value === 'string'],
  ['IsBoolean', (value) => typeof value === 'boolean'],
  ['IsTimestamp', (value) => typeof value === 'string' && isTimestamp(value)],
]);

/** The one test that looks at whether the Variable found anything rather than at its value. */
export const presenceTest = 'IsPresent';
