// TestState's mock.fieldValidationMode: a mocked Task result checked against the output shape of the
// Task's integration, with AWS's messages. STRICT (the default) also requires the shape's required
// members; PRESENT checks only the members given; NONE checks nothing. Members the shape does not know
// are accepted in every mode, as on AWS.
//
// Only the integrations in service-shapes.generated.ts are known (scripts/generate-service-shapes.py);
// for any other Resource (an activity, a Lambda function ARN, .waitForTaskToken, whose result is what the
// callback sends, or an integration not in the data) the mock is not validated, as with NONE.

import { parseResource } from '../asl/resource-arn.ts';
import { isJsonObject, type JsonValue } from '../json/json-value.ts';
import type { OperationShape, Shape, ShapeRef } from './service-shape-types.ts';
import { serviceShapeData } from './service-shapes.generated.ts';
import type { TestStateMock } from './types.ts';

const prefix = 'Mock result schema validation error: ';

/** The output shape a Task with this Resource receives, when it is known. */
export function integrationOutputShape(resource: string): OperationShape | undefined {
  const parsed = parseResource(resource);
  if (parsed.kind !== 'integration' || parsed.pattern === 'callback') return undefined;
  const key = `${parsed.service}:${parsed.action}${parsed.suffix}`;
  const table = parsed.sdk ? serviceShapeData.awsSdk : serviceShapeData.optimized;
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** AWS's ValidationException message for a mocked result that does not fit the shape, if it does not. */
export function mockResultSchemaError(
  resource: string,
  result: JsonValue,
  mode: NonNullable<TestStateMock['fieldValidationMode']>,
): string | undefined {
  if (mode === 'NONE') return undefined;
  const operation = integrationOutputShape(resource);
  if (operation === undefined) return undefined;
  const checker = new ShapeChecker(mode === 'STRICT', new Set(operation.json));
  const shape = checker.resolve(operation.shape);
  if (shape?.type === 'structure' && !isJsonObject(result)) return `${prefix}Mock result must be an object`;
  const problem = checker.check(operation.shape, result, undefined, true);
  return problem === undefined ? undefined : prefix + problem;
}

class ShapeChecker {
  constructor(
    private readonly requireMembers: boolean,
    /** Top-level members taken as any JSON. */
    private readonly jsonMembers: ReadonlySet<string>,
  ) {}

  resolve(ref: ShapeRef): Shape | undefined {
    if (!ref.includes('/')) return undefined;
    return serviceShapeData.shapes[ref];
  }

  /** The first problem with `value` (depth first, members in the API's order), named by its field. */
  check(ref: ShapeRef, value: JsonValue, field: string | undefined, top = false): string | undefined {
    const shape = this.resolve(ref);
    const type = shape?.type ?? ref;
    const name = field ?? '';
    switch (type) {
      case 'any':
        return undefined;
      case 'string':
      case 'timestamp':
      case 'blob':
        if (typeof value !== 'string') return `Field '${name}' must be a string`;
        if (shape?.enum !== undefined && !shape.enum.includes(value)) return `Field '${name}' is not an expected value`;
        return lengthProblem(shape, value.length, name);
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        if (typeof value !== 'number') return `Field '${name}' must be a number`;
        if (shape?.min !== undefined && value < shape.min) return `Field '${name}' is smaller than the minimum value`;
        if (shape?.max !== undefined && value > shape.max) return `Field '${name}' exceeds the maximum value`;
        return undefined;
      case 'boolean':
        return typeof value === 'boolean' ? undefined : `Field '${name}' must be a boolean`;
      case 'list':
        if (!Array.isArray(value)) return `Field '${name}' must be an array`;
        return lengthProblem(shape, value.length, name) ?? firstOf(value, (item) => this.member(shape, item, name));
      case 'map':
        if (!isJsonObject(value)) return `Field '${name}' must be an object`;
        return (
          lengthProblem(shape, Object.keys(value).length, name) ??
          firstOf(Object.entries(value), ([key, item]) => this.check(shape?.value ?? 'any', item, key))
        );
      case 'structure':
        if (!isJsonObject(value)) return `Field '${name}' must be an object`;
        return firstOf(Object.entries(shape?.members ?? {}), ([member, memberRef]) => {
          const given = value[member];
          // A null member is taken as absent: AWS's models have no null values.
          if (given === undefined || given === null) {
            return this.requireMembers && shape?.required?.includes(member) === true
              ? `Required field '${member}' is missing`
              : undefined;
          }
          return top && this.jsonMembers.has(member) ? undefined : this.check(memberRef, given, member);
        });
      default:
        return undefined;
    }
  }

  private member(shape: Shape | undefined, item: JsonValue, name: string): string | undefined {
    return this.check(shape?.member ?? 'any', item, name);
  }
}

/** Lengths of strings, blobs (their text), lists and maps. */
function lengthProblem(shape: Shape | undefined, length: number, name: string): string | undefined {
  if (shape?.min !== undefined && length < shape.min) return `Field '${name}' is smaller than the minimum length`;
  if (shape?.max !== undefined && length > shape.max) return `Field '${name}' exceeds the maximum length`;
  return undefined;
}

function firstOf<T>(items: readonly T[], problem: (item: T) => string | undefined): string | undefined {
  for (const item of items) {
    const found = problem(item);
    if (found !== undefined) return found;
  }
  return undefined;
}
