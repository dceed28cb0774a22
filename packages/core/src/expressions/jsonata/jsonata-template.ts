// A JSON value whose strings may be `{% expr %}` JSONata expressions (Arguments, Output, Assign, Items, ...),
// compiled once; evaluation names the field of a failure as AWS does (`Output/result`).

import { isJsonObject, type JsonValue } from '../../json/json-value.ts';
import {
  compileJsonata,
  jsonataExpressionText,
  JsonataEvaluationError,
  queryEvaluationFailure,
  type CompiledJsonata,
  type JsonataScope,
} from './jsonata-expression.ts';

export interface CompiledJsonataTemplate {
  /** True when the whole value is one expression (so its result may be any JSON value). */
  readonly isExpression: boolean;
  /** The expression's text when the whole value is one expression. */
  readonly expressionText: string | undefined;
  evaluate(scope: JsonataScope): Promise<JsonValue>;
}

type Node =
  | { kind: 'literal'; value: JsonValue }
  | { kind: 'expression'; expression: CompiledJsonata; location: string }
  | { kind: 'array'; items: Node[] }
  | { kind: 'object'; entries: [string, Node][] };

/** Compiles `value` found at `location` (the field name, e.g. `Output` or `Assign`). */
export function compileJsonataTemplate(value: JsonValue, location: string): CompiledJsonataTemplate {
  const root = compileNode(value, location);
  return {
    isExpression: root.kind === 'expression',
    expressionText: root.kind === 'expression' ? root.expression.text : undefined,
    evaluate: (scope) => evaluateNode(root, scope),
  };
}

function compileNode(value: JsonValue, location: string): Node {
  const text = jsonataExpressionText(value);
  if (text !== undefined) return { kind: 'expression', expression: compileJsonata(text), location };
  if (Array.isArray(value)) {
    const items = value.map((item, index) => compileNode(item, `${location}/${index}`));
    return items.every((item) => item.kind === 'literal') ? { kind: 'literal', value } : { kind: 'array', items };
  }
  if (isJsonObject(value)) {
    const entries = Object.entries(value).map(([key, item]): [string, Node] => [
      key,
      compileNode(item, `${location}/${key}`),
    ]);
    return entries.every(([, node]) => node.kind === 'literal')
      ? { kind: 'literal', value }
      : { kind: 'object', entries };
  }
  return { kind: 'literal', value };
}

async function evaluateNode(node: Node, scope: JsonataScope): Promise<JsonValue> {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'expression':
      return evaluateField(node.expression, scope, node.location);
    case 'array': {
      const items: JsonValue[] = [];
      for (const item of node.items) items.push(await evaluateNode(item, scope));
      return items;
    }
    case 'object': {
      const object: Record<string, JsonValue> = {};
      for (const [key, item] of node.entries) object[key] = await evaluateNode(item, scope);
      return object;
    }
  }
}

/** Evaluates one expression of a field; nothing (undefined) or a function is an error, as on AWS. */
export async function evaluateField(
  expression: CompiledJsonata,
  scope: JsonataScope,
  location: string,
): Promise<JsonValue> {
  const where = `The JSONata expression '${expression.text}' specified for the field '${location}'`;
  let result: unknown;
  try {
    result = await expression.evaluate(scope);
  } catch (error) {
    if (!(error instanceof JsonataEvaluationError)) throw error;
    throw queryEvaluationFailure(`${where} threw an error during evaluation. ${error.message}`, location);
  }
  if (result === undefined) throw queryEvaluationFailure(`${where} returned nothing (undefined).`, location);
  const json = toJson(result);
  if (json === unsupported) throw queryEvaluationFailure(`${where} returned an unsupported result type.`, location);
  return json;
}

const unsupported = Symbol('unsupported');

/** jsonata's results are JSON plus sequences (arrays with flags) and functions; keep the JSON. */
function toJson(value: unknown): JsonValue | typeof unsupported {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : unsupported;
  if (Array.isArray(value)) {
    const items: JsonValue[] = [];
    for (const item of value as unknown[]) {
      if (item === undefined) continue;
      const json = toJson(item);
      if (json === unsupported) return unsupported;
      items.push(json);
    }
    return items;
  }
  if (typeof value === 'object' && !isJsonataFunction(value)) {
    const object: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const json = toJson(item);
      if (json === unsupported) return unsupported;
      object[key] = json;
    }
    return object;
  }
  return unsupported;
}

/** jsonata's lambdas and native functions are objects carrying these flags. */
function isJsonataFunction(value: object): boolean {
  const flags = value as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return flags._jsonata_lambda === true || flags._jsonata_function === true;
}
