// The shape of an intrinsic function and the argument checks they share, failing as States.IntrinsicFailure.

import { StatesFailure } from '../../asl/errors.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json/json-value.ts';
import { javaJson } from '../java-json.ts';
import type { EvaluationServices } from '../scope.ts';

export interface IntrinsicFunction {
  /** Fewest and most arguments; checked when the definition is compiled. */
  readonly arity: readonly [number, number];
  call(args: readonly JsonValue[], services: EvaluationServices): JsonValue;
}

/** AWS caps the string inputs of Base64Encode, Base64Decode and Hash at 10,000 characters. */
export const MAX_STRING_INPUT = 10_000;

export function intrinsicFailure(name: string, problem: string): StatesFailure {
  return new StatesFailure('States.IntrinsicFailure', `Invalid arguments in ${name}: ${problem}`);
}

function describe(value: JsonValue | undefined): string {
  return value === undefined ? 'nothing' : javaJson(value);
}

function wrongType(name: string, position: number, expected: string, value: JsonValue | undefined): StatesFailure {
  return intrinsicFailure(name, `argument ${position} must be ${expected}, but was ${describe(value)}`);
}

export function arrayArg(name: string, args: readonly JsonValue[], index: number): JsonValue[] {
  const value = args[index];
  if (!Array.isArray(value)) throw wrongType(name, index + 1, 'an array', value);
  return value;
}

export function stringArg(name: string, args: readonly JsonValue[], index: number): string {
  const value = args[index];
  if (typeof value !== 'string') throw wrongType(name, index + 1, 'a string', value);
  return value;
}

export function objectArg(name: string, args: readonly JsonValue[], index: number): JsonObject {
  const value = args[index];
  if (!isJsonObject(value)) throw wrongType(name, index + 1, 'a JSON object', value);
  return value;
}

export function numberArg(name: string, args: readonly JsonValue[], index: number): number {
  const value = args[index];
  if (typeof value !== 'number') throw wrongType(name, index + 1, 'a number', value);
  return value;
}

export function integerArg(name: string, args: readonly JsonValue[], index: number): number {
  const value = args[index];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(name, index + 1, 'an integer', value);
  return value;
}

/** Java's Math.round (half up), which AWS applies to the numbers of MathAdd, MathRandom and ArrayRange. */
export function roundedIntegerArg(name: string, args: readonly JsonValue[], index: number): number {
  return Math.floor(numberArg(name, args, index) + 0.5);
}

export function limitLength(name: string, text: string): string {
  if (text.length > MAX_STRING_INPUT) {
    throw intrinsicFailure(
      name,
      `the input string may have at most ${MAX_STRING_INPUT} characters, but had ${text.length}`,
    );
  }
  return text;
}
