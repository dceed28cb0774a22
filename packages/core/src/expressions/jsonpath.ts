// Compiles AWS JSONPath text once into an evaluator over the input, context object or a variable.

import { StatesFailure } from '../asl/errors.ts';
import { isJsonObject, type JsonValue } from '../json/json-value.ts';
import { Cursor } from './cursor.ts';
import type { ParsedPath, PathRoot, PathStep } from './jsonpath-ast.ts';
import { isDefiniteSteps } from './jsonpath-ast.ts';
import { collectAll, readDefinite } from './jsonpath-evaluate.ts';
import { parseFilter } from './jsonpath-filter.ts';
import { parseRoot, parseSteps } from './jsonpath-parser.ts';
import { javaClassName, javaToString } from './java-json.ts';
import type { EvaluationScope } from './scope.ts';

export interface CompiledPath {
  readonly text: string;
  /** Only single-valued steps (a reference path): evaluates to one value, not to a list of matches. */
  readonly isDefinite: boolean;
  readonly root: PathRoot;
  /** The value found (undefined: nothing); an indefinite path always yields an array, possibly empty. */
  evaluate(scope: EvaluationScope): JsonValue | undefined;
  /**
   * Like `evaluate`, but a definite path that finds nothing fails as AWS fails InputPath, OutputPath,
   * ItemsPath and the *Path fields: States.Runtime, `Invalid path '<text>' : <Jayway's reason>`.
   */
  evaluateStrict(scope: EvaluationScope): JsonValue;
  /** Jayway's reason why this definite path found nothing in `scope` (e.g. `Missing property in path $['a']`). */
  explainMissing(scope: EvaluationScope): string;
}

/** Parses path text into a root and steps; throws PathSyntaxError naming the problem. */
export function parsePath(text: string): ParsedPath {
  const cursor = new Cursor(text.trim());
  const root = parseRoot(cursor, false) as PathRoot;
  const steps = parseSteps(cursor, parseFilter);
  if (!cursor.atEnd()) cursor.fail('Expected a path step or the end of the path');
  return { root, steps };
}

export function compilePath(text: string): CompiledPath {
  const { root, steps } = parsePath(text);
  const isDefinite = isDefiniteSteps(steps);
  const base = rootReader(root);
  const evaluate = isDefinite
    ? (scope: EvaluationScope) => readDefinite(steps, base(scope))
    : (scope: EvaluationScope) => {
        const document = base(scope);
        return document === undefined ? [] : collectAll(steps, document, document);
      };
  const explainMissing = (scope: EvaluationScope): string => explain(root, steps, base(scope));
  return {
    text,
    isDefinite,
    root,
    evaluate,
    explainMissing,
    evaluateStrict(scope) {
      const value = evaluate(scope);
      if (value !== undefined) return value;
      throw new StatesFailure('States.Runtime', `Invalid path '${text}' : ${explainMissing(scope)}`);
    },
  };
}

/** The problem with `text` as a path (a reference path when `reference`), or undefined when it is valid. */
export function checkPath(text: string, options: { reference: boolean }): string | undefined {
  try {
    const { steps } = parsePath(text);
    if (options.reference && !isDefiniteSteps(steps)) {
      return `The reference path '${text}' may contain only property names and array indices`;
    }
    return undefined;
  } catch (error) {
    if (error instanceof Error && error.name === 'PathSyntaxError') return error.message;
    throw error;
  }
}

export function rootReader(root: PathRoot): (scope: EvaluationScope) => JsonValue | undefined {
  switch (root.kind) {
    case 'input':
      return (scope) => scope.input;
    case 'context':
      return (scope) => scope.context;
    case 'variable': {
      const { name } = root;
      return (scope) => (Object.hasOwn(scope.variables, name) ? scope.variables[name] : undefined);
    }
  }
}

/** Jayway's normalised form of a definite path, e.g. `$['a'][0]`. */
export function normalisedPath(steps: readonly PathStep[]): string {
  return `$${steps.map(fragment).join('')}`;
}

function fragment(step: PathStep): string {
  return step.kind === 'index' ? `[${step.index}]` : step.kind === 'property' ? `['${step.name}']` : '';
}

const JSON_PROVIDER = 'com.jayway.jsonpath.spi.json.JacksonJsonProvider';

/** Replays a definite path and words the first failing step as Jayway's PathNotFoundException does. */
function explain(root: PathRoot, steps: readonly PathStep[], document: JsonValue | undefined): string {
  if (document === undefined && root.kind === 'variable') return `The variable '$${root.name}' is not defined`;
  let current = document;
  let walked = '$';
  const noResults = `No results for path: ${normalisedPath(steps)}`;
  for (const [at, step] of steps.entries()) {
    const here = fragment(step);
    if (step.kind === 'property') {
      if (!isJsonObject(current)) {
        const found = javaClassName(current);
        return `Expected to find an object with property ${here} in path ${walked} but found '${found}'. This is not a json object according to the JsonProvider: '${JSON_PROVIDER}'.`;
      }
      if (!Object.hasOwn(current, step.name)) {
        return at === steps.length - 1 ? noResults : `Missing property in path ${walked}${here}`;
      }
      current = current[step.name];
    } else if (step.kind === 'index') {
      if (current === null || current === undefined) return `The path ${walked} is null`;
      if (!Array.isArray(current)) {
        return `Filter: ${here} can only be applied to arrays. Current context is: ${javaToString(current)}`;
      }
      current = current[step.index < 0 ? current.length + step.index : step.index];
      if (current === undefined) return noResults;
    }
    walked += here;
  }
  return noResults;
}
