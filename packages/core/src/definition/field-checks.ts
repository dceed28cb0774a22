// Typed checks of single fields (strings, integers, enums, paths, payload templates), each reporting AWS's message.

import { isJsonArray, isJsonObject } from '../json/json-value.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import type { Node, ValidationContext } from './context.ts';
import { childPointer, itemPointer } from './diagnostics.ts';
import { checkIntrinsicSyntax, checkPathSyntax } from './expression-hooks.ts';

export type ValueType = 'String' | 'Boolean' | 'Integer' | 'Number' | 'Object' | 'Array';

/** A JSONata expression string: `{% ... %}`. */
export function isJsonataExpression(value: JsonValue | undefined): value is string {
  return typeof value === 'string' && /^\{%[\s\S]*%\}$/.test(value.trim());
}

function hasType(value: JsonValue, type: ValueType): boolean {
  switch (type) {
    case 'String':
      return typeof value === 'string';
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'Number':
      return typeof value === 'number';
    case 'Object':
      return isJsonObject(value);
    case 'Array':
      return isJsonArray(value);
  }
}

/** Checks the type of `field` when present; true when present and of that type. */
export function checkType(node: Node, field: string, type: ValueType): boolean {
  const value = node.obj[field];
  if (value === undefined) return false;
  if (hasType(value, type)) return true;
  node.ctx.report.error(childPointer(node.at, field), `Expected value of type ${type}`);
  return false;
}

/** Reports the missing ones among `fields` (AWS's "These fields are required: [A, B]"). */
export function checkRequired(node: Node, fields: readonly string[]): boolean {
  const missing = fields.filter((field) => node.obj[field] === undefined);
  if (missing.length > 0) node.ctx.report.error(node.at, `These fields are required: [${missing.join(', ')}]`);
  return missing.length === 0;
}

/** Reports fields outside `allowed`. */
export function checkAllowed(node: Node, allowed: ReadonlySet<string>): void {
  for (const field of Object.keys(node.obj)) {
    if (!allowed.has(field)) node.ctx.report.fieldError(node.at, field, `Field '${field}' is not supported`);
  }
}

export function checkEnum(node: Node, field: string, values: readonly string[]): void {
  const value = node.obj[field];
  if (value === undefined || (typeof value === 'string' && values.includes(value))) return;
  node.ctx.report.error(
    childPointer(node.at, field),
    `The field '${field}' should have one of these values: [${values.join(', ')}]`,
  );
}

/** An integer (or number) field within [min, max]; a JSONata expression is accepted in JSONata nodes. */
export function checkNumber(node: Node, field: string, min: number, max: number, type: ValueType = 'Integer'): void {
  const value = node.obj[field];
  if (value === undefined || (node.language === 'JSONata' && isJsonataExpression(value))) return;
  if (!checkType(node, field, type)) return;
  if (typeof value === 'number' && (value < min || value > max)) {
    node.ctx.report.error(childPointer(node.at, field), `The value must be between ${min} and ${max}`);
  }
}

/** At most one of `fields`; with `required`, exactly one. */
export function checkExclusive(node: Node, fields: readonly string[], required = false): void {
  const present = fields.filter((field) => node.obj[field] !== undefined);
  if (present.length > 1) {
    node.ctx.report.error(node.at, `These fields are mutually exclusive: [${present.join(', ')}]`);
  } else if (required && present.length === 0) {
    node.ctx.report.error(node.at, `Exactly one of these fields is required: [${fields.join(', ')}]`);
  }
}

export interface PathFieldOptions {
  reference: boolean;
  nullable?: boolean;
}

/** A JSONPath-valued field (InputPath, ResultPath, SecondsPath, ...). */
export function checkPathField(node: Node, field: string, options: PathFieldOptions): void {
  const value = node.obj[field];
  if (value === undefined || (value === null && options.nullable === true)) return;
  if (!checkType(node, field, 'String') || typeof value !== 'string') return;
  if (checkPathSyntax(value, options) !== undefined) {
    node.ctx.report.error(
      childPointer(node.at, field),
      `The value for the field '${field}' must be a valid ${options.reference ? 'Reference Path' : 'JSONPath'}`,
    );
  }
}

/** A JSONPath payload template: every `key.$` holds a path or an intrinsic function call. */
export function checkTemplate(ctx: ValidationContext, value: JsonValue, at: string): void {
  if (isJsonArray(value)) {
    value.forEach((item, index) => {
      checkTemplate(ctx, item, itemPointer(at, index));
    });
  } else if (isJsonObject(value)) {
    checkTemplateObject(ctx, value, at);
  }
}

function checkTemplateObject(ctx: ValidationContext, value: JsonObject, at: string): void {
  for (const [key, member] of Object.entries(value)) {
    if (!key.endsWith('.$')) {
      checkTemplate(ctx, member, childPointer(at, key));
    } else if (typeof member !== 'string' || !isPathOrIntrinsic(member)) {
      ctx.report.error(
        at,
        `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`,
      );
    }
  }
}

export function isPathOrIntrinsic(text: string): boolean {
  if (text.startsWith('$')) return checkPathSyntax(text, { reference: false }) === undefined;
  return checkIntrinsicSyntax(text) === undefined;
}

/** The Unicode code points of `text` (AWS counts name and label lengths in characters, not UTF-16 units). */
export function codePoints(text: string): string[] {
  const points: string[] = [];
  for (const point of text) points.push(point);
  return points;
}
