// JSONata and variables in a definition: every `{% %}` expression must parse, and every Assign must name
// variables AWS accepts (a letter or underscore first, then letters, digits and underscores; up to 80
// characters; not the reserved `states`).

import { JSONATA_SCALAR_FIELDS, JSONATA_TEMPLATE_FIELDS } from '../asl/jsonata-fields.ts';
import { compileJsonata, jsonataExpressionText } from '../expressions/jsonata/jsonata-expression.ts';
import { isJsonObject, type JsonValue } from '../json/json-value.ts';
import type { Node } from './context.ts';
import { childPointer } from './diagnostics.ts';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_VARIABLE_NAME = 80;

/** Fields of a JSONata state (or Choice rule) whose strings may hold expressions. */
const EXPRESSION_FIELDS = [...JSONATA_TEMPLATE_FIELDS, ...JSONATA_SCALAR_FIELDS, 'Condition'];

/** Checks the state's (or rule's, or catcher's) Assign names, and its JSONata expressions in JSONata. */
export function checkJsonataAndAssign(node: Node): void {
  const assign = node.obj.Assign;
  if (isJsonObject(assign)) checkVariableNames(node, assign);
  if (node.language !== 'JSONata') return;
  for (const field of EXPRESSION_FIELDS) {
    const value = node.obj[field];
    if (value !== undefined) checkExpressions(node, value, childPointer(node.at, field));
  }
  if (assign !== undefined) checkExpressions(node, assign, childPointer(node.at, 'Assign'));
}

function checkVariableNames(node: Node, assign: Readonly<Record<string, JsonValue>>): void {
  for (const key of Object.keys(assign)) {
    const name = node.language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    const at = childPointer(childPointer(node.at, 'Assign'), key);
    if (name === 'states') {
      node.ctx.report.error(at, `The variable name 'states' is reserved`, 'INVALID_VARIABLE_NAME');
    } else if (!VARIABLE_NAME.test(name) || name.length > MAX_VARIABLE_NAME) {
      node.ctx.report.error(
        at,
        `The variable name '${name}' is invalid: it must start with a letter or '_', hold only letters, digits and '_', and have at most ${MAX_VARIABLE_NAME} characters`,
        'INVALID_VARIABLE_NAME',
      );
    }
  }
}

function checkExpressions(node: Node, value: JsonValue, at: string): void {
  const text = jsonataExpressionText(value);
  if (text !== undefined) {
    try {
      compileJsonata(text);
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      node.ctx.report.error(at, `The JSONata expression '${text}' is not valid: ${problem}`, 'INVALID_JSONATA');
    }
    return;
  }
  if (Array.isArray(value))
    value.forEach((item, index) => {
      checkExpressions(node, item, childPointer(at, String(index)));
    });
  else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) checkExpressions(node, item, childPointer(at, key));
  }
}
