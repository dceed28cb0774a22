// A JSONata expression compiled once, evaluated as AWS does: jsonata 2.0.6, AWS's functions, the engine's
// clock for $now()/$millis(), and a budget on steps and depth so that no expression can hang the engine.

import {
  chargeResult,
  defaultMemoryLimits,
  guardedPad,
  padSignature,
  type MemoryLimits,
  type MemoryUse,
} from './jsonata-memory.ts';
import { LinearRegExp } from '../linear-regex.ts';
import jsonata from 'jsonata';
import { StatesErrors, StatesFailure } from '../../asl/errors.ts';
import type { JsonValue } from '../../json/json-value.ts';
import type { EvaluationServices } from '../scope.ts';
import { awsFunctions, JsonataFunctionError } from './aws-functions.ts';

/** What a JSONata expression sees: `$states`, the workflow variables, and the engine's services. */
export interface JsonataScope {
  states: JsonValue;
  variables: Readonly<Record<string, JsonValue>>;
  services: EvaluationServices;
  /** Epoch milliseconds that $now() and $millis() report: the engine's clock, never the machine's. */
  now: number;
}

/** Bounds on one evaluation; any exceeded fails the state with States.QueryEvaluationError. */
export interface EvaluationLimits extends MemoryLimits {
  /** Evaluation steps (AST nodes entered): about half a second of work on a small machine. */
  maxSteps: number;
  /** Nesting of evaluation, which recursion grows. */
  maxDepth: number;
}

export const defaultLimits: EvaluationLimits = { maxSteps: 1_000_000, maxDepth: 500, ...defaultMemoryLimits };

export interface CompiledJsonata {
  /** The expression text, without the `{% %}` delimiters. */
  readonly text: string;
  /** The raw result: undefined when the expression yields nothing; may hold functions. */
  evaluate(scope: JsonataScope): Promise<unknown>;
}

/** How an evaluation went wrong, in AWS's words, before the field's location is added. */
export class JsonataEvaluationError extends Error {}

const guardName = '__stepwiseGuard';
const entrySymbol = Symbol.for('jsonata.__evaluate_entry');
const exitSymbol = Symbol.for('jsonata.__evaluate_exit');

interface Guard extends MemoryUse {
  steps: number;
  depth: number;
  limits: EvaluationLimits;
}

interface Frame {
  lookup(name: string): unknown;
}

/**
 * jsonata keeps the RegexEngine option in module state, set by every call: each call passes the linear
 * one, so that no regular expression ever runs on the backtracking RegExp.
 */
const linearRegexes = { RegexEngine: LinearRegExp as unknown as RegExp };

// Parsed on first use, not at load: loading core must not run jsonata (`stepwise validate` never needs it).
let formatMillis: jsonata.Expression | undefined;
const millisFormatter = (): jsonata.Expression =>
  (formatMillis ??= jsonata('$fromMillis($ms, $picture, $timezone)', linearRegexes));

/** Compiles an expression; throws JsonataEvaluationError with jsonata's message when it does not parse. */
export function compileJsonata(text: string, limits: EvaluationLimits = defaultLimits): CompiledJsonata {
  let expression: jsonata.Expression;
  try {
    expression = jsonata(text, linearRegexes);
  } catch (error) {
    throw new JsonataEvaluationError(describeJsonataError(error));
  }
  expression.assign(entrySymbol as unknown as string, (_expr: unknown, _input: unknown, frame: Frame) => {
    const guard = frame.lookup(guardName) as Guard | undefined;
    if (guard === undefined) return;
    guard.steps += 1;
    guard.depth += 1;
    if (guard.depth > guard.limits.maxDepth) throw budgetError(`nests deeper than ${guard.limits.maxDepth} levels`);
    if (guard.steps > guard.limits.maxSteps) throw budgetError(`takes more than ${guard.limits.maxSteps} steps`);
  });
  const onExit = (expr: { type?: string }, _input: unknown, frame: Frame, result: unknown): void => {
    const guard = frame.lookup(guardName) as Guard | undefined;
    if (guard === undefined) return;
    guard.depth -= 1;
    const exceeded = chargeResult(guard, expr.type, result);
    if (exceeded !== undefined) throw budgetError(exceeded);
  };
  expression.assign(exitSymbol as unknown as string, onExit);
  expression.registerFunction('pad', guardedPad(limits, budgetError), padSignature);
  return {
    text,
    async evaluate(scope) {
      const guard: Guard = { steps: 0, depth: 0, produced: 0, limits };
      const bindings: Record<string, unknown> = {
        ...scope.variables,
        ...awsFunctions(scope.services),
        now: (picture?: string, timezone?: string) =>
          millisFormatter().evaluate({}, { ms: scope.now, picture, timezone }),
        millis: () => scope.now,
        states: scope.states,
        [guardName]: guard,
      };
      try {
        return (await expression.evaluate(null, bindings)) as unknown;
      } catch (error) {
        throw new JsonataEvaluationError(describeJsonataError(error));
      }
    },
  };
}

function budgetError(problem: string): JsonataFunctionError {
  return new JsonataFunctionError('U1001', `The expression ${problem}; it was stopped.`);
}

/** jsonata's errors are plain objects `{code, message}`; a JS error (stack overflow, ...) is shown by message. */
export function describeJsonataError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : JSON.stringify(error);
    return typeof code === 'string' ? `${code}: ${text}` : text;
  }
  return String(error);
}

/** `{% expr %}` → `expr`; anything else → undefined. */
export function jsonataExpressionText(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('{%') || !value.endsWith('%}') || value.length < 4) {
    return undefined;
  }
  return value.slice(2, -2).trim();
}

/** The failure every JSONata problem becomes, naming the field (`Output/result`) where it happened. */
export function queryEvaluationFailure(cause: string, location: string | undefined): StatesFailure {
  return new StatesFailure(StatesErrors.QueryEvaluationError, cause, { location });
}
