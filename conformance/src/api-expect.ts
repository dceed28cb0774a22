// Judges an `api_calls` case: each step's answer must hold the members its `expect` gives, or be its error.
import { substitute, type ApiCall, type ApiCallsResult } from './api-calls.ts';
import { compare, type Difference } from './compare.ts';
import type { Mismatch } from './evaluate.ts';

const absent = '<absent>';
/** A date the Step Functions integration gives as epoch milliseconds: its value is the run's, its form the choice. */
const epochMillis = '<epoch-millis>';
/** An id made per call (a Lambda request id): its value is the run's, its form (a UUID) the choice. */
const uuid = '<uuid>';
const uuidForm = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A date as the AWS JSON protocol sends it (epoch seconds, milliseconds as the fraction): an HTTP route's answer. */
const epochSeconds = '<epoch-seconds>';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON text in an answer (an output, a definition) is compared with its parsed value when the case gives one. */
function parsedIfText(expected: unknown, actual: unknown): unknown {
  if (typeof actual !== 'string' || typeof expected !== 'object' || expected === null) return actual;
  try {
    return JSON.parse(actual) as unknown;
  } catch {
    return actual;
  }
}

function subsetOfObject(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  pointer: string,
): Difference | undefined {
  for (const [key, value] of Object.entries(expected)) {
    const p = `${pointer}/${key}`;
    if (value === absent) {
      if (Object.hasOwn(actual, key)) return { pointer: p, expected: absent, actual: actual[key] };
      continue;
    }
    if (!Object.hasOwn(actual, key)) return { pointer: p, expected: value, actual: undefined };
    const d = subset(value, actual[key], p);
    if (d) return d;
  }
  return undefined;
}

/** The first member of `expected` that `actual` does not have as given (arrays: same length, item by item). */
export function subset(expected: unknown, rawActual: unknown, pointer = ''): Difference | undefined {
  const actual = parsedIfText(expected, rawActual);
  if (isObject(expected) && isObject(actual)) return subsetOfObject(expected, actual, pointer);
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length)
      return { pointer: `${pointer}/length`, expected: expected.length, actual: actual.length };
    for (let i = 0; i < expected.length; i++) {
      const d = subset(expected[i], actual[i], `${pointer}/${String(i)}`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected === epochMillis && typeof actual === 'number' && Number.isInteger(actual) && actual > 1e12)
    return undefined;
  if (expected === uuid && typeof actual === 'string' && uuidForm.test(actual)) return undefined;
  if (expected === epochSeconds && typeof actual === 'number' && actual > 1e9 && actual < 1e11) return undefined;
  return compare(expected, actual, pointer);
}

function checkStep(
  call: ApiCall,
  answer: ApiCallsResult['answers'][number] | undefined,
  saved: Record<string, unknown>,
) {
  if (answer === undefined) return { pointer: '', expected: 'an answer', actual: undefined };
  if (call.expect_error !== undefined) {
    const expected = substitute(call.expect_error, saved);
    if (!('error' in answer)) return { pointer: '/error', expected, actual: answer.response };
    return subset(expected, answer.error, '/error');
  }
  if ('error' in answer) return { pointer: '/error', expected: call.expect ?? 'no error', actual: answer.error };
  return call.expect === undefined ? undefined : subset(substitute(call.expect, saved), answer.response, '/response');
}

/** The first step whose answer is not as the case states. A step without `expect` must only not fail. */
export function evaluateApiCalls(calls: readonly ApiCall[], result: ApiCallsResult): Mismatch | undefined {
  for (const [i, call] of calls.entries()) {
    const difference = checkStep(call, result.answers[i], result.saved);
    if (difference) return { part: `api_calls/${String(i)} ${call.call}`, difference };
  }
  return undefined;
}
