// Choice state rules: non-empty Choices, well-formed rules (one operator, operand types, Next only at top level).

import { checkJsonataAndAssign } from './validate-jsonata.ts';
import { isJsonArray, isJsonObject } from '../json/json-value.ts';
import type { JsonValue } from '../json/json-value.ts';
import type { Node } from './context.ts';
import { childPointer, itemPointer } from './diagnostics.ts';
import {
  checkAllowed,
  checkPathField,
  checkRequired,
  checkTemplate,
  checkType,
  isJsonataExpression,
} from './field-checks.ts';
import type { ValueType } from './field-checks.ts';

const COMPARISONS: ReadonlyMap<string, ValueType | 'Path'> = new Map<string, ValueType | 'Path'>([
  ...['String', 'Numeric', 'Timestamp'].flatMap((kind) =>
    ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'].flatMap((op) => [
      [`${kind}${op}`, kind === 'Numeric' ? 'Number' : 'String'] as const,
      [`${kind}${op}Path`, 'Path'] as const,
    ]),
  ),
  ['StringMatches', 'String'],
  ['BooleanEquals', 'Boolean'],
  ['BooleanEqualsPath', 'Path'],
  ...['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'].map((op) => [op, 'Boolean'] as const),
]);
const COMBINATORS = ['And', 'Or', 'Not'];
const JSONPATH_RULE_FIELDS = new Set(['Next', 'Comment', 'Assign', 'Variable', ...COMBINATORS, ...COMPARISONS.keys()]);
const JSONATA_RULE_FIELDS = new Set(['Next', 'Comment', 'Assign', 'Output', 'Condition']);

export function validateChoice(node: Node): void {
  checkType(node, 'Default', 'String');
  if (!checkRequired(node, ['Choices']) || !checkType(node, 'Choices', 'Array')) return;
  const choices = node.obj.Choices as JsonValue[];
  const at = childPointer(node.at, 'Choices');
  if (choices.length === 0) node.ctx.report.error(at, 'Value cannot be empty');
  choices.forEach((rule, index) => {
    checkRule(node, rule, itemPointer(at, index), true);
  });
}

function checkRule(parent: Node, value: JsonValue, at: string, topLevel: boolean): void {
  if (!isJsonObject(value)) {
    parent.ctx.report.error(at, 'Expected value of type Object');
    return;
  }
  const rule: Node = { ...parent, obj: value, at };
  checkType(rule, 'Comment', 'String');
  if (topLevel) {
    checkJsonataAndAssign(rule);
    if (checkRequired(rule, ['Next'])) checkType(rule, 'Next', 'String');
    if (checkType(rule, 'Assign', 'Object') && rule.language === 'JSONPath' && value.Assign !== undefined) {
      checkTemplate(rule.ctx, value.Assign, childPointer(at, 'Assign'));
    }
  } else {
    for (const field of ['Next', 'Assign', 'Output']) {
      if (value[field] !== undefined) rule.ctx.report.fieldError(at, field, `Field '${field}' is not supported`);
    }
  }
  if (rule.language === 'JSONata') checkJsonataRule(rule);
  else checkJsonPathRule(rule);
}

function checkJsonataRule(rule: Node): void {
  checkAllowed(rule, JSONATA_RULE_FIELDS);
  if (!checkRequired(rule, ['Condition'])) return;
  const condition = rule.obj.Condition;
  if (typeof condition !== 'boolean' && !isJsonataExpression(condition)) {
    rule.ctx.report.error(
      childPointer(rule.at, 'Condition'),
      "The value for the field 'Condition' must be a boolean or a valid JSONata expression",
    );
  }
}

function checkJsonPathRule(rule: Node): void {
  checkAllowed(rule, JSONPATH_RULE_FIELDS);
  const operators = Object.keys(rule.obj).filter((field) => COMPARISONS.has(field) || COMBINATORS.includes(field));
  if (operators.length !== 1) {
    rule.ctx.report.error(rule.at, 'A choice rule must contain exactly one comparison operator (or And, Or, Not)');
    return;
  }
  const operator = operators[0] ?? '';
  if (COMBINATORS.includes(operator)) {
    checkCombinator(rule, operator);
    return;
  }
  if (checkRequired(rule, ['Variable'])) checkPathField(rule, 'Variable', { reference: false });
  const operand = COMPARISONS.get(operator);
  if (operand === 'Path') checkPathField(rule, operator, { reference: false });
  else if (operand !== undefined) checkType(rule, operator, operand);
}

function checkCombinator(rule: Node, operator: string): void {
  const value = rule.obj[operator];
  const at = childPointer(rule.at, operator);
  if (operator === 'Not') {
    if (value !== undefined) checkRule(rule, value, at, false);
    return;
  }
  if (!isJsonArray(value)) {
    rule.ctx.report.error(at, 'Expected value of type Array');
  } else if (value.length === 0) {
    rule.ctx.report.error(at, 'Value cannot be empty');
  } else {
    value.forEach((nested, index) => {
      checkRule(rule, nested, itemPointer(at, index), false);
    });
  }
}
