// ResultPath: a definite path on the state input that says where a result is placed.

import { StatesFailure } from '../asl/errors.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/json-value.ts';
import { PathSyntaxError } from './cursor.ts';
import type { PathStep } from './jsonpath-ast.ts';
import { compilePath, parsePath } from './jsonpath.ts';
import { javaJson } from './java-json.ts';
import type { EvaluationScope } from './scope.ts';

type ReferenceStep = PathStep & { kind: 'property' | 'index' };

export interface CompiledReferencePath {
  readonly text: string;
  evaluate(scope: EvaluationScope): JsonValue | undefined;
  /**
   * A new root with `value` placed at the path; missing objects on the way are created, and what is off
   * the path is shared, not copied. Fails with States.ResultPathMatchFailure when a step meets a value
   * it cannot go through (a field of a non-object, an index of a non-array or past its end).
   */
  assign(root: JsonValue, value: JsonValue): JsonValue;
}

/** Compiles a ResultPath: `$` followed by property names and array indices only. */
export function compileReferencePath(text: string): CompiledReferencePath {
  const { root, steps } = parsePath(text);
  if (root.kind !== 'input')
    throw new PathSyntaxError(`The reference path '${text}' must start with '$' followed by a step`);
  const referenceSteps = steps.filter(
    (step): step is ReferenceStep => step.kind === 'property' || step.kind === 'index',
  );
  if (referenceSteps.length !== steps.length) {
    throw new PathSyntaxError(`The reference path '${text}' may contain only property names and array indices`);
  }
  const path = compilePath(text);
  return {
    text,
    evaluate: (scope) => path.evaluate(scope),
    assign(document, value) {
      const placed = place(document, referenceSteps, 0, value);
      if (placed === undefined) {
        throw new StatesFailure(
          'States.ResultPathMatchFailure',
          `Unable to apply ReferencePath ${text} to input ${javaJson(document)}`,
        );
      }
      return placed;
    },
  };
}

/** Copies the spine of the path; undefined when a step cannot be applied. */
function place(
  node: JsonValue | undefined,
  steps: readonly ReferenceStep[],
  at: number,
  value: JsonValue,
): JsonValue | undefined {
  const step = steps[at];
  if (step === undefined) return value;
  if (step.kind === 'property') {
    // AWS creates the missing objects along a ResultPath.
    const target: JsonObject | undefined = node === undefined ? {} : isJsonObject(node) ? node : undefined;
    if (target === undefined) return undefined;
    const child = place(Object.hasOwn(target, step.name) ? target[step.name] : undefined, steps, at + 1, value);
    return child === undefined ? undefined : { ...target, [step.name]: child };
  }
  if (!Array.isArray(node)) return undefined;
  const index = step.index < 0 ? node.length + step.index : step.index;
  if (index < 0 || index >= node.length) return undefined;
  const child = place(node[index], steps, at + 1, value);
  if (child === undefined) return undefined;
  const copy = node.slice();
  copy[index] = child;
  return copy;
}
