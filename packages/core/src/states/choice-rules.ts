// Choice rules of JSONPath mode compiled into predicates over an evaluation scope, with AWS's runtime semantics.

import { StatesErrors, StatesFailure } from '../asl/errors.ts';
import type { ChoiceRule } from '../asl/types.ts';
import type { EvaluationScope } from '../expressions/scope.ts';
import { compilePath } from '../expressions/index.ts';
import type { JsonValue } from '../json/json-value.ts';
import type { ComparisonOperator } from './choice-operators.ts';
import { comparisonOperators, presenceTest, typeTests } from './choice-operators.ts';

/** A Choice rule compiled once per definition. */
export interface CompiledChoiceRule {
  /** The state to go to when the rule matches (top-level rules only). */
  readonly next: string | undefined;
  /** Evaluates the rule. Throws StatesFailure(States.Runtime) when a path it needs finds nothing. */
  matches(scope: EvaluationScope): boolean;
}

type Predicate = (scope: EvaluationScope) => boolean;
type BoundTest = (value: JsonValue, scope: EvaluationScope) => boolean;

/**
 * The failure AWS raises when a Choice path finds nothing, e.g. States.Runtime with cause
 * "Invalid path '$.x': The choice state's condition path references an invalid value."
 * (AWS prefixes "An error occurred while executing the state 'S' (entered at the event id #N). ", which only the
 * engine knows.)
 */
export function choicePathFailure(path: string): StatesFailure {
  return new StatesFailure(
    StatesErrors.Runtime,
    `Invalid path '${path}': The choice state's condition path references an invalid value.`,
  );
}

/**
 * Compiles a JSONPath-mode Choice rule once per definition: paths compiled, StringMatches patterns and timestamp
 * literals parsed. Throws TypeError for a malformed rule (definition validation must reject those first).
 *
 * @example
 * const rule = compileChoiceRule({ Variable: '$.n', NumericGreaterThan: 1, Next: 'Big' });
 * rule.matches(scope); // true when the input's n is a number above 1
 */
export function compileChoiceRule(rule: ChoiceRule): CompiledChoiceRule {
  return { next: rule.Next, matches: compileRule(rule) };
}

function compileRule(rule: ChoiceRule): Predicate {
  if (rule.And !== undefined) {
    const all = compileRules(rule.And, 'And');
    return (scope) => all.every((predicate) => predicate(scope));
  }
  if (rule.Or !== undefined) {
    const any = compileRules(rule.Or, 'Or');
    return (scope) => any.some((predicate) => predicate(scope));
  }
  if (rule.Not !== undefined) {
    const negated = compileRule(rule.Not);
    return (scope) => !negated(scope);
  }
  return compileComparison(rule);
}

function compileRules(rules: ChoiceRule[], operator: string): Predicate[] {
  if (!Array.isArray(rules) || rules.length === 0) throw new TypeError(`${operator} needs a non-empty array of rules`);
  return rules.map((rule) => compileRule(rule));
}

function compileComparison(rule: ChoiceRule): Predicate {
  const variableText = rule.Variable;
  if (typeof variableText !== 'string') throw new TypeError('A Choice comparison needs a Variable path');
  const variable = compilePath(variableText);
  const [name, operand] = findOperator(rule);
  if (name === presenceTest) {
    const expected = booleanOperand(name, operand);
    return (scope) => (variable.evaluate(scope) !== undefined) === expected;
  }
  const test = compileTest(name, operand);
  return (scope) => {
    const value = variable.evaluate(scope);
    if (value === undefined) throw choicePathFailure(variableText);
    return test(value, scope);
  };
}

function compileTest(name: string, operand: JsonValue): BoundTest {
  const typeTest = typeTests.get(name);
  if (typeTest !== undefined) {
    const expected = booleanOperand(name, operand);
    return (value) => typeTest(value) === expected;
  }
  const operator = comparisonOperators.get(name);
  if (operator === undefined) throw new TypeError(`Unknown Choice operator ${name}`);
  return operator.operandIsPath ? compilePathTest(name, operator, operand) : literalTest(name, operator, operand);
}

function literalTest(name: string, operator: ComparisonOperator, operand: JsonValue): BoundTest {
  const test = operator.bind(operand);
  if (test === undefined) throw new TypeError(`${name} has an operand of the wrong type: ${JSON.stringify(operand)}`);
  return (value) => test(value);
}

function compilePathTest(name: string, operator: ComparisonOperator, operand: JsonValue): BoundTest {
  if (typeof operand !== 'string') throw new TypeError(`${name} needs a path`);
  const path = compilePath(operand);
  return (value, scope) => {
    const found = path.evaluate(scope);
    if (found === undefined) throw choicePathFailure(operand);
    const test = operator.bind(found);
    return test !== undefined && test(value);
  };
}

function booleanOperand(name: string, operand: JsonValue): boolean {
  if (typeof operand !== 'boolean') throw new TypeError(`${name} needs true or false`);
  return operand;
}

/** The rule's one operator field and its operand; the other fields (Variable, Next, Assign, ...) are not operators. */
function findOperator(rule: ChoiceRule): [string, JsonValue] {
  const names = Object.keys(rule).filter(isOperatorName);
  const [name] = names;
  if (name === undefined || names.length > 1) {
    throw new TypeError(`A Choice comparison needs exactly one operator, found ${names.length}`);
  }
  // A validated definition holds JSON here: ChoiceRule's index signature also admits nested rules.
  return [name, rule[name] as JsonValue];
}

function isOperatorName(key: string): boolean {
  return key === presenceTest || typeTests.has(key) || comparisonOperators.has(key);
}
