// EventBridge event patterns: checked once as AWS checks them (InvalidEventPatternException with AWS's reasons) and
// compiled into a tree of field tests that `matchesPattern` walks for each event.

import { ApiError } from '../errors.ts';
import { PatternError } from './pattern-error.ts';
import { valueTest, type ValueTest } from './pattern-operators.ts';

/** A field whose pattern is a list of accepted values (its leaf), or an object pattern (a nested field). */
export type FieldTest =
  | { key: string; kind: 'leaf'; tests: ValueTest[]; matchesAbsent: boolean }
  | { key: string; kind: 'object'; pattern: CompiledPattern };

export interface CompiledPattern {
  fields: FieldTest[];
  /** Each `$or` group: the event must match one of its alternatives. */
  ors: CompiledPattern[][];
}

/** AWS's error for a pattern it refuses. */
export function invalidPattern(reason: string): ApiError {
  return new ApiError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);
}

/** Parses and compiles pattern text; a bad pattern is InvalidEventPatternException. */
export function compilePatternText(text: string): CompiledPattern {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidPattern(error instanceof Error ? error.message : 'not JSON');
  }
  try {
    return compilePattern(value);
  } catch (error) {
    if (error instanceof PatternError) throw invalidPattern(error.message);
    throw error;
  }
}

/** Compiles a parsed pattern; throws PatternError naming what is wrong. */
export function compilePattern(value: unknown): CompiledPattern {
  if (!isObject(value)) throw new PatternError('Filter is not an object');
  return compileObject(value);
}

function compileObject(value: Record<string, unknown>): CompiledPattern {
  const keys = Object.keys(value);
  if (keys.length === 0) throw new PatternError('Empty objects are not allowed');
  const pattern: CompiledPattern = { fields: [], ors: [] };
  for (const key of keys) {
    const member = value[key];
    if (key === '$or') pattern.ors.push(compileOr(member));
    else if (Array.isArray(member)) pattern.fields.push(compileLeaf(key, member));
    else if (isObject(member)) pattern.fields.push({ key, kind: 'object', pattern: compileObject(member) });
    else throw new PatternError(`"${key}" must be an object or an array`);
  }
  return pattern;
}

function compileOr(member: unknown): CompiledPattern[] {
  if (!Array.isArray(member) || member.length < 2 || !member.every(isObject)) {
    throw new PatternError('"$or" must be an array of at least 2 objects');
  }
  return member.map((alternative) => compileObject(alternative));
}

function compileLeaf(key: string, values: unknown[]): FieldTest {
  if (values.length === 0) throw new PatternError(`Empty arrays are not allowed ("${key}")`);
  const tests: ValueTest[] = [];
  let matchesAbsent = false;
  for (const item of values) {
    if (isObject(item) && Object.keys(item).length === 1 && item.exists === false) matchesAbsent = true;
    else tests.push(valueTest(item));
  }
  return { key, kind: 'leaf', tests, matchesAbsent };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `event` (a parsed JSON object) matches the compiled pattern. */
export function matchesPattern(pattern: CompiledPattern, event: unknown): boolean {
  const object = isObject(event) ? event : {};
  for (const field of pattern.fields) {
    if (!matchesField(field, object[field.key])) return false;
  }
  return pattern.ors.every((group) => group.some((alternative) => matchesPattern(alternative, object)));
}

function matchesField(field: FieldTest, value: unknown): boolean {
  if (field.kind === 'object') {
    // An array of objects matches when one element matches as a whole (AWS's array consistency).
    if (Array.isArray(value)) return value.some((element) => matchesPattern(field.pattern, element));
    return matchesPattern(field.pattern, value);
  }
  const leaves = leafValues(value);
  if (leaves.length === 0) return field.matchesAbsent;
  return leaves.some((leaf) => field.tests.some((test) => test(leaf)));
}

/** The primitive values at a field: none when absent or an object (exists works on leaves only). */
function leafValues(value: unknown): (string | number | boolean | null)[] {
  if (value === undefined || isObject(value)) return [];
  if (Array.isArray(value)) return value.flatMap(leafValues);
  return [value as string | number | boolean | null];
}
