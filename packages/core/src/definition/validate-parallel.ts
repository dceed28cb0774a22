// Parallel state rules: a non-empty Branches array of States blocks, payloads, Retry and Catch.

import type { JsonValue } from '../json/json-value.ts';
import type { Node } from './context.ts';
import { childPointer, itemPointer } from './diagnostics.ts';
import { checkRequired, checkType } from './field-checks.ts';
import { checkErrorHandling } from './validate-retry-catch.ts';
import { checkPayloads } from './validate-task.ts';

export function validateParallel(node: Node): void {
  checkPayloads(node);
  checkErrorHandling(node);
  if (!checkRequired(node, ['Branches']) || !checkType(node, 'Branches', 'Array')) return;
  const branches = node.obj.Branches as JsonValue[];
  const at = childPointer(node.at, 'Branches');
  if (branches.length === 0) node.ctx.report.error(at, 'Value cannot be empty');
  branches.forEach((branch, index) => {
    node.ctx.validateBlock(branch, itemPointer(at, index), []);
  });
}
