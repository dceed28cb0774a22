// Compiles an intrinsic call once into a closure tree; evaluation only calls the functions.

import { StatesFailure } from '../../asl/errors.ts';
import type { JsonValue } from '../../json/json-value.ts';
import { PathSyntaxError } from '../cursor.ts';
import { javaJson } from '../java-json.ts';
import { compilePath, type CompiledPath } from '../jsonpath.ts';
import type { EvaluationScope } from '../scope.ts';
import type { IntrinsicFunction } from './arguments.ts';
import { arrayFunctions } from './arrays.ts';
import { encodingFunctions } from './encoding.ts';
import { mathFunctions } from './math.ts';
import { parseIntrinsic, type IntrinsicArgument, type IntrinsicCallSyntax } from './parser.ts';
import { formatParts, stringFunctions } from './strings.ts';

/** Evaluates against a scope; `field` is the template key (e.g. `value.$`) named in failures. */
export type IntrinsicEvaluator = (scope: EvaluationScope, field: string) => JsonValue;

export interface CompiledIntrinsic {
  readonly text: string;
  evaluate(scope: EvaluationScope, field?: string): JsonValue;
}

const FUNCTIONS: ReadonlyMap<string, IntrinsicFunction> = new Map(
  Object.entries({ ...arrayFunctions, ...stringFunctions, ...mathFunctions, ...encodingFunctions }),
);

/** AWS allows at most 10 intrinsic calls nested in one another. */
const MAX_NESTING = 10;

/** The names of the 18 intrinsic functions. */
export const INTRINSIC_NAMES: readonly string[] = [...FUNCTIONS.keys()];

export function compileIntrinsic(text: string): CompiledIntrinsic {
  const evaluator = compileCall(parseIntrinsic(text), 1);
  return { text, evaluate: (scope, field = '') => evaluator(scope, field) };
}

/** The problem with `text` as an intrinsic call (syntax, unknown function, argument count), or undefined. */
export function checkIntrinsic(text: string): string | undefined {
  try {
    compileIntrinsic(text);
    return undefined;
  } catch (error) {
    if (error instanceof PathSyntaxError) return error.message;
    throw error;
  }
}

/**
 * States.Runtime as AWS words a path that matched nothing in a payload template field:
 * `The JSONPath '$.x' specified for the field 'value.$' could not be found in the input '{"a":1}'`.
 */
export function fieldPathNotFound(pathText: string, field: string, input: JsonValue): StatesFailure {
  return new StatesFailure(
    'States.Runtime',
    `The JSONPath '${pathText}' specified for the field '${field}' could not be found in the input '${javaJson(input)}'`,
  );
}

/** A path evaluator that fails like AWS when a definite path finds nothing. */
export function requiredPath(path: CompiledPath): IntrinsicEvaluator {
  return (scope, field) => {
    const value = path.evaluate(scope);
    if (value === undefined) throw fieldPathNotFound(path.text, field, scope.input);
    return value;
  };
}

function compileCall(call: IntrinsicCallSyntax, depth: number): IntrinsicEvaluator {
  const fn = FUNCTIONS.get(call.name);
  if (fn === undefined) throw new PathSyntaxError(`Unknown intrinsic function '${call.name}'`);
  if (depth > MAX_NESTING) throw new PathSyntaxError(`Intrinsic functions may be nested at most ${MAX_NESTING} deep`);
  const [min, max] = fn.arity;
  if (call.args.length < min || call.args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new PathSyntaxError(`${call.name} takes ${expected} argument(s), but ${call.args.length} were given`);
  }
  const args = call.args.map((arg) => compileArgument(arg, depth));
  const template = call.args[0];
  if (call.name === 'States.Format' && template?.kind === 'literal' && template.formatParts !== undefined) {
    const parts = template.formatParts;
    const values = args.slice(1);
    return (scope, field) =>
      formatParts(
        parts,
        values.map((arg) => arg(scope, field)),
      );
  }
  return (scope, field) =>
    fn.call(
      args.map((arg) => arg(scope, field)),
      scope.services,
    );
}

function compileArgument(arg: IntrinsicArgument, depth: number): IntrinsicEvaluator {
  switch (arg.kind) {
    case 'literal': {
      const { value } = arg;
      return () => value;
    }
    case 'path':
      return requiredPath(compilePath(arg.text));
    case 'call':
      return compileCall(arg.call, depth + 1);
  }
}
