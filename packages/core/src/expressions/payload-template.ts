// Payload templates (Parameters, ResultSelector, ItemSelector): `key.$` fields take a path or an intrinsic.

import { isJsonObject, type JsonObject, type JsonValue } from '../json/json-value.ts';
import { PathSyntaxError } from './cursor.ts';
import { compileIntrinsic, requiredPath, type IntrinsicEvaluator } from './intrinsics/intrinsic.ts';
import { looksLikeIntrinsic } from './intrinsics/parser.ts';
import { compilePath } from './jsonpath.ts';
import type { EvaluationScope } from './scope.ts';

export interface CompiledTemplate {
  /**
   * A new value with every `key.$` field replaced by `key` and its path or intrinsic result. Parts of the
   * template without such fields are returned as they are (shared, not copied): treat results as immutable.
   */
  evaluate(scope: EvaluationScope): JsonValue;
}

/** A problem in a template: `pointer` is the JSON pointer of the object holding the field, as AWS reports it. */
export interface TemplateProblem {
  pointer: string;
  message: string;
}

type Evaluate = (scope: EvaluationScope) => JsonValue;

/** Compiles once; throws PathSyntaxError (AWS's message) on a field that is not a valid path or intrinsic. */
export function compilePayloadTemplate(template: JsonValue): CompiledTemplate {
  const evaluate = compileNode(template);
  return { evaluate: evaluate ?? (() => template) };
}

/** Every invalid `.$` field of `template`, for the definition validator; `at` is the template's own pointer. */
export function checkPayloadTemplate(template: JsonValue, at = ''): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const visit = (value: JsonValue, pointer: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(item, `${pointer}/${index}`);
      });
    } else if (isJsonObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (!key.endsWith('.$')) visit(child, `${pointer}/${escapePointer(key)}`);
        else if (fieldProblem(key, child) !== undefined) problems.push({ pointer, message: invalidField(key) });
      }
    }
  };
  visit(template, at);
  return problems;
}

/** AWS's SCHEMA_VALIDATION_FAILED wording for a bad `.$` field. */
function invalidField(key: string): string {
  return `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`;
}

function fieldProblem(key: string, value: JsonValue): string | undefined {
  try {
    compileField(key, value);
    return undefined;
  } catch (error) {
    if (error instanceof PathSyntaxError) return error.message;
    throw error;
  }
}

function compileField(key: string, value: JsonValue): IntrinsicEvaluator {
  if (typeof value !== 'string') throw new PathSyntaxError(invalidField(key));
  try {
    if (looksLikeIntrinsic(value)) {
      const intrinsic = compileIntrinsic(value);
      return (scope, field) => intrinsic.evaluate(scope, field);
    }
    return requiredPath(compilePath(value));
  } catch (error) {
    if (error instanceof PathSyntaxError) throw new PathSyntaxError(`${invalidField(key)}: ${error.message}`);
    throw error;
  }
}

/** An evaluator, or undefined when the node holds no `.$` field and is therefore constant. */
function compileNode(node: JsonValue): Evaluate | undefined {
  if (Array.isArray(node)) return compileArray(node);
  if (isJsonObject(node)) return compileObject(node);
  return undefined;
}

function compileArray(items: readonly JsonValue[]): Evaluate | undefined {
  const parts = items.map((item) => compileNode(item));
  if (parts.every((part) => part === undefined)) return undefined;
  const evaluators = parts.map((part, index) => part ?? constant(items[index] as JsonValue));
  return (scope) => evaluators.map((evaluate) => evaluate(scope));
}

function compileObject(template: JsonObject): Evaluate | undefined {
  const keys: string[] = [];
  const evaluators: Evaluate[] = [];
  let dynamic = false;
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) {
      const field = compileField(key, value);
      keys.push(key.slice(0, -2));
      evaluators.push((scope) => field(scope, key));
      dynamic = true;
    } else {
      const child = compileNode(value);
      keys.push(key);
      evaluators.push(child ?? constant(value));
      dynamic ||= child !== undefined;
    }
  }
  if (!dynamic) return undefined;
  // fromEntries defines own properties, so a `__proto__` key stays data instead of setting the prototype.
  if (keys.includes('__proto__')) {
    return (scope) => Object.fromEntries(keys.map((key, index) => [key, (evaluators[index] as Evaluate)(scope)]));
  }
  // Otherwise plain assignments in a fixed order: every result shares one object shape, and no entry
  // arrays are allocated (this was a sixth of a Pass state's time).
  return (scope) => {
    const result: JsonObject = {};
    for (let index = 0; index < keys.length; index++) {
      result[keys[index] as string] = (evaluators[index] as Evaluate)(scope);
    }
    return result;
  };
}

function constant(value: JsonValue): Evaluate {
  return () => value;
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
