// Task state rules: Resource, timeouts and heartbeats, Credentials, payload templates, Retry and Catch.

import type { Node } from './context.ts';
import { childPointer } from './diagnostics.ts';
import {
  checkExclusive,
  checkNumber,
  checkPathField,
  checkRequired,
  checkTemplate,
  checkType,
  isJsonataExpression,
} from './field-checks.ts';
import { checkResource } from './resources.ts';
import { checkErrorHandling } from './validate-retry-catch.ts';

const MAX_SECONDS = 99999999;

export function validateTask(node: Node): void {
  if (checkRequired(node, ['Resource']) && checkType(node, 'Resource', 'String')) checkResource(node);
  for (const field of ['TimeoutSeconds', 'HeartbeatSeconds']) {
    checkNumber(node, field, 1, MAX_SECONDS);
    checkPathField(node, `${field}Path`, { reference: true });
    checkExclusive(node, [field, `${field}Path`]);
  }
  const { TimeoutSeconds, HeartbeatSeconds } = node.obj;
  if (
    typeof TimeoutSeconds === 'number' &&
    typeof HeartbeatSeconds === 'number' &&
    HeartbeatSeconds >= TimeoutSeconds
  ) {
    node.ctx.report.error(
      childPointer(node.at, 'HeartbeatSeconds'),
      'HeartbeatSeconds must be smaller than TimeoutSeconds',
    );
  }
  checkPayloads(node);
  checkCredentials(node);
  checkErrorHandling(node);
}

/** Parameters/ResultSelector (JSONPath templates) or Arguments (JSONata: an object or an expression). */
export function checkPayloads(node: Node): void {
  const { ctx, obj, at } = node;
  if (node.language === 'JSONPath') {
    if (obj.Parameters !== undefined) checkTemplate(ctx, obj.Parameters, childPointer(at, 'Parameters'));
    if (checkType(node, 'ResultSelector', 'Object') && obj.ResultSelector !== undefined) {
      checkTemplate(ctx, obj.ResultSelector, childPointer(at, 'ResultSelector'));
    }
  } else if (obj.Arguments !== undefined && !isJsonataExpression(obj.Arguments)) {
    checkType(node, 'Arguments', 'Object');
  }
}

function checkCredentials(node: Node): void {
  if (!checkType(node, 'Credentials', 'Object')) return;
  const credentials = node.obj.Credentials;
  if (
    credentials === undefined ||
    credentials === null ||
    typeof credentials !== 'object' ||
    Array.isArray(credentials)
  ) {
    return;
  }
  const at = childPointer(node.at, 'Credentials');
  const dynamic = node.language === 'JSONPath' && credentials['RoleArn.$'] !== undefined;
  if (credentials.RoleArn === undefined && !dynamic) {
    node.ctx.report.error(at, "The field 'RoleArn' is required but was missing");
  } else if (node.language === 'JSONPath') {
    checkTemplate(node.ctx, credentials, at);
  }
}
