// The functions AWS adds to JSONata ($partition, $range, $hash, $random, $uuid, $parse), on the engine's
// injected services so that ids, randomness and hashes stay replayable.

import { tooDeep } from '../../json/json-depth.ts';
import type { JsonValue } from '../../json/json-value.ts';
import { chunks } from '../intrinsics/arrays.ts';
import { HASH_ALGORITHMS } from '../intrinsics/encoding.ts';
import type { EvaluationServices } from '../scope.ts';

/**
 * An error raised inside an evaluation, reported as `code: message` like jsonata's own. The code must not be
 * one of jsonata's, which would replace the message with its own template.
 */
export class JsonataFunctionError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

function fail(name: string, problem: string): never {
  throw new JsonataFunctionError(undefined, `$${name}: ${problem}`);
}

/** AWS's $range refuses to build more items than this (as States.ArrayRange does). */
const MAX_RANGE_ITEMS = 1000;

function integer(name: string, value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(name, `${what} must be an integer`);
  return value;
}

function partition(array: unknown, size: unknown): JsonValue[] {
  if (!Array.isArray(array)) fail('partition', 'the first argument must be an array');
  const chunk = integer('partition', size, 'the chunk size');
  if (chunk <= 0) fail('partition', `the chunk size must be greater than 0, but was ${chunk}`);
  return chunks(array as JsonValue[], chunk);
}

function range(start: unknown, end: unknown, step: unknown): number[] {
  const first = integer('range', start, 'the start');
  const last = integer('range', end, 'the end');
  const increment = integer('range', step, 'the step');
  if (increment === 0) fail('range', 'the step must not be 0');
  const count = Math.floor((last - first) / increment) + 1;
  if (count > MAX_RANGE_ITEMS) fail('range', `the range would hold ${count} items, more than ${MAX_RANGE_ITEMS}`);
  return Array.from({ length: Math.max(count, 0) }, (_, i) => first + i * increment);
}

function parse(text: unknown): JsonValue {
  if (typeof text !== 'string') fail('parse', 'the argument must be a string');
  const deep = tooDeep(text);
  if (deep !== undefined) fail('parse', `the string holds ${deep}`);
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return fail('parse', `the string is not valid JSON: ${text}`);
  }
}

/** The bindings that add AWS's functions, bound per evaluation because some use the engine's services. */
export function awsFunctions(services: EvaluationServices): Record<string, unknown> {
  return {
    partition,
    range,
    parse,
    uuid: () => services.uuid(),
    random: () => services.random(),
    hash(data: unknown, algorithm: unknown): string {
      if (typeof data !== 'string') fail('hash', 'the data must be a string');
      if (typeof algorithm !== 'string' || !HASH_ALGORITHMS.has(algorithm)) {
        fail('hash', `the algorithm must be one of ${[...HASH_ALGORITHMS].join(', ')}`);
      }
      return services.hash(algorithm, data);
    },
    // AWS leaves $eval out of its JSONata; calling it is calling a non-function (T1006), as on AWS.
    eval: undefined,
  };
}
