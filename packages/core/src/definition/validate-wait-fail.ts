// Wait and Fail state rules: exactly one wait field, RFC 3339 timestamps, exclusive Error/Cause fields.

import type { Node } from './context.ts';
import { childPointer } from './diagnostics.ts';
import {
  checkExclusive,
  checkNumber,
  checkPathField,
  checkType,
  isJsonataExpression,
  isPathOrIntrinsic,
} from './field-checks.ts';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A timestamp AWS accepts: RFC 3339 with a real month, day and time. */
export function isRfc3339(text: string): boolean {
  const match = RFC3339.exec(text);
  if (match === null) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 61;
}

export function validateWait(node: Node): void {
  const fields =
    node.language === 'JSONata' ? ['Seconds', 'Timestamp'] : ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'];
  checkExclusive(node, fields, true);
  checkNumber(node, 'Seconds', 0, 99999999);
  checkPathField(node, 'SecondsPath', { reference: true });
  checkPathField(node, 'TimestampPath', { reference: true });
  const timestamp = node.obj.Timestamp;
  if (!checkType(node, 'Timestamp', 'String') || typeof timestamp !== 'string') return;
  if (node.language === 'JSONata' && isJsonataExpression(timestamp)) return;
  if (!isRfc3339(timestamp)) {
    node.ctx.report.error(childPointer(node.at, 'Timestamp'), 'String does not match RFC3339 timestamp');
  }
}

export function validateFail(node: Node): void {
  for (const field of ['Error', 'Cause']) {
    checkType(node, field, 'String');
    checkExclusive(node, [field, `${field}Path`]);
    const path = node.obj[`${field}Path`];
    if (path === undefined || node.language !== 'JSONPath') continue;
    if (typeof path !== 'string' || !isPathOrIntrinsic(path)) {
      node.ctx.report.error(
        childPointer(node.at, `${field}Path`),
        `The value for the field '${field}Path' must be a valid JSONPath or a valid intrinsic function call`,
      );
    }
  }
}
