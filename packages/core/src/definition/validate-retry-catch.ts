// Retry and Catch: retrier and catcher fields, ErrorEquals, and where States.ALL may appear.

import { checkJsonataAndAssign } from './validate-jsonata.ts';
import { isJsonObject } from '../json/json-value.ts';
import type { JsonValue } from '../json/json-value.ts';
import type { Node } from './context.ts';
import { childPointer, itemPointer } from './diagnostics.ts';
import {
  checkAllowed,
  checkEnum,
  checkNumber,
  checkPathField,
  checkRequired,
  checkTemplate,
  checkType,
} from './field-checks.ts';

const RETRIER_FIELDS = new Set([
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
]);
const CATCHER_FIELDS = {
  JSONPath: new Set(['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Comment']),
  JSONata: new Set(['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment']),
};

export function checkErrorHandling(node: Node): void {
  forEachItem(node, 'Retry', checkRetrier);
  forEachItem(node, 'Catch', checkCatcher);
}

function forEachItem(node: Node, field: 'Retry' | 'Catch', check: (item: Node, last: boolean) => void): void {
  if (!checkType(node, field, 'Array')) return;
  const items = node.obj[field] as JsonValue[];
  items.forEach((item, index) => {
    const at = itemPointer(childPointer(node.at, field), index);
    if (!isJsonObject(item)) {
      node.ctx.report.error(at, 'Expected value of type Object');
      return;
    }
    check({ ...node, obj: item, at }, index === items.length - 1);
  });
}

function checkRetrier(node: Node, last: boolean): void {
  checkAllowed(node, RETRIER_FIELDS);
  checkErrorEquals(node, last);
  checkNumber(node, 'IntervalSeconds', 1, 99999999);
  checkNumber(node, 'MaxAttempts', 0, 99999999);
  checkNumber(node, 'BackoffRate', 1, 99999999, 'Number');
  checkNumber(node, 'MaxDelaySeconds', 1, 31622400);
  checkEnum(node, 'JitterStrategy', ['FULL', 'NONE']);
  checkType(node, 'Comment', 'String');
}

function checkCatcher(node: Node, last: boolean): void {
  checkAllowed(node, CATCHER_FIELDS[node.language]);
  checkErrorEquals(node, last);
  if (checkRequired(node, ['Next'])) checkType(node, 'Next', 'String');
  checkType(node, 'Comment', 'String');
  checkJsonataAndAssign(node);
  if (node.language === 'JSONPath') checkPathField(node, 'ResultPath', { reference: true, nullable: true });
  if (checkType(node, 'Assign', 'Object') && node.language === 'JSONPath' && node.obj.Assign !== undefined) {
    checkTemplate(node.ctx, node.obj.Assign, childPointer(node.at, 'Assign'));
  }
}

/** A non-empty array of strings; States.ALL alone and only in the last retrier or catcher. */
function checkErrorEquals(node: Node, last: boolean): void {
  if (!checkRequired(node, ['ErrorEquals']) || !checkType(node, 'ErrorEquals', 'Array')) return;
  const errors = node.obj.ErrorEquals as JsonValue[];
  const at = childPointer(node.at, 'ErrorEquals');
  if (errors.length === 0) {
    node.ctx.report.error(at, 'Value cannot be empty');
    return;
  }
  if (errors.some((error) => typeof error !== 'string')) node.ctx.report.error(at, 'Expected value of type String');
  if (!errors.includes('States.ALL')) return;
  if (errors.length > 1) node.ctx.report.error(at, "'States.ALL' must appear alone in 'ErrorEquals'");
  if (!last) node.ctx.report.error(at, "'States.ALL' must appear in the last retrier or catcher");
}
