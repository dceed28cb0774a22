// Validates one state: its Type, query language, allowed fields, transition and I/O fields, then its type's rules.

import type { QueryLanguage, StateType } from '../asl/types.ts';
import { isJsonObject } from '../json/json-value.ts';
import type { JsonValue } from '../json/json-value.ts';
import type { Node, ValidationContext } from './context.ts';
import { childPointer } from './diagnostics.ts';
import { checkAllowed, checkPathField, checkRequired, checkTemplate, checkType } from './field-checks.ts';
import { STATE_TYPES, allowedFields, hasTransition } from './field-rules.ts';
import { validateChoice } from './validate-choice.ts';
import { checkJsonataAndAssign } from './validate-jsonata.ts';
import { validateMap } from './validate-map.ts';
import { validateParallel } from './validate-parallel.ts';
import { validateTask } from './validate-task.ts';
import { validateFail, validateWait } from './validate-wait-fail.ts';

const VALIDATORS: Record<StateType, (node: Node) => void> = {
  Task: validateTask,
  Wait: validateWait,
  Pass: validatePass,
  Succeed: () => undefined,
  Fail: validateFail,
  Choice: validateChoice,
  Parallel: validateParallel,
  Map: validateMap,
};

export function validateState(ctx: ValidationContext, value: JsonValue, at: string): void {
  if (!isJsonObject(value)) {
    ctx.report.error(at, 'Expected value of type Object');
    return;
  }
  const node: Node = { ctx, obj: value, at, language: stateLanguage(ctx, value.QueryLanguage, at) };
  if (!checkRequired(node, ['Type'])) return;
  const type = value.Type;
  if (typeof type !== 'string' || !(STATE_TYPES as readonly string[]).includes(type)) {
    ctx.report.error(
      childPointer(at, 'Type'),
      `The field 'Type' should have one of these values: [${STATE_TYPES.join(', ')}]`,
    );
    return;
  }
  const stateType = type as StateType;
  checkAllowed(node, allowedFields(stateType, node.language));
  checkCommon(node, stateType);
  checkJsonataAndAssign(node);
  VALIDATORS[stateType](node);
}

function stateLanguage(ctx: ValidationContext, value: JsonValue | undefined, at: string): QueryLanguage {
  if (value === undefined) return ctx.machineLanguage;
  if (value !== 'JSONPath' && value !== 'JSONata') {
    ctx.report.error(
      childPointer(at, 'QueryLanguage'),
      "The field 'QueryLanguage' should have one of these values: [JSONPath, JSONata]",
    );
    return ctx.machineLanguage;
  }
  if (value === 'JSONPath' && ctx.machineLanguage === 'JSONata') {
    ctx.report.error(at, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
  }
  return value;
}

function checkCommon(node: Node, type: StateType): void {
  checkType(node, 'Comment', 'String');
  if (hasTransition(type)) checkTransition(node);
  if (checkType(node, 'Assign', 'Object') && node.language === 'JSONPath' && node.obj.Assign !== undefined) {
    checkTemplate(node.ctx, node.obj.Assign, childPointer(node.at, 'Assign'));
  }
  if (node.language === 'JSONPath') {
    checkPathField(node, 'InputPath', { reference: false, nullable: true });
    checkPathField(node, 'OutputPath', { reference: false, nullable: true });
    checkPathField(node, 'ResultPath', { reference: true, nullable: true });
  }
}

/** Exactly one of Next and `End: true`. */
function checkTransition(node: Node): void {
  const hasNext = checkType(node, 'Next', 'String');
  const endType = checkType(node, 'End', 'Boolean');
  const end = endType && node.obj.End === true;
  if (hasNext && end) {
    node.ctx.report.error(node.at, 'These fields are mutually exclusive: [Next, End]');
  } else if (!hasNext && !end && node.obj.Next === undefined && (node.obj.End === undefined || endType)) {
    node.ctx.report.error(node.at, 'These fields are required: [Next or End]');
  }
}

function validatePass(node: Node): void {
  const { Parameters } = node.obj;
  if (node.language === 'JSONPath' && Parameters !== undefined) {
    checkTemplate(node.ctx, Parameters, childPointer(node.at, 'Parameters'));
  }
}
