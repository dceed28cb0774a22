// Request validation as AWS's front end does it: wrong JSON types are SerializationException, broken member
// constraints are one ValidationException listing every violation ("2 validation errors detected: ...").

import { ApiError } from './errors.ts';

export type Rule =
  | { kind: 'string'; min?: number; max?: number; pattern?: RegExp; enum?: readonly string[]; sensitive?: boolean }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'double'; min?: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'list'; min?: number; max?: number; item: Rule }
  | { kind: 'object'; members: Members; javaName?: string };

export interface Member {
  rule: Rule;
  required?: boolean;
}

export type Members = Readonly<Record<string, Member>>;

/** Helpers that keep the operation shapes short. */
export const str = (min?: number, max?: number, extra: Partial<Extract<Rule, { kind: 'string' }>> = {}): Rule => ({
  kind: 'string',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
  ...extra,
});
export const int = (min?: number, max?: number): Rule => ({
  kind: 'integer',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
export const double = (min?: number, max?: number): Rule => ({
  kind: 'double',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
export const bool: Rule = { kind: 'boolean' };
export const oneOf = (...values: string[]): Rule => ({ kind: 'string', enum: values });
export const list = (item: Rule, min?: number, max?: number): Rule => ({
  kind: 'list',
  item,
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
/** A structure; `javaName` is the class AWS names when it prints one in a message (`Name(member=value, ...)`). */
export const obj = (members: Members, javaName?: string): Rule => ({
  kind: 'object',
  members,
  ...(javaName === undefined ? {} : { javaName }),
});
export const required = (rule: Rule): Member => ({ rule, required: true });
export const optional = (rule: Rule): Member => ({ rule });

const redacted = '*** Sensitive Data Redacted ***';

/**
 * Checks `body` against `members` and returns it typed; throws SerializationException for a member of the wrong
 * JSON type and ValidationException listing every constraint violation. Unknown members are ignored, as AWS does;
 * members given as null are removed, so that the operation sees them as absent.
 */
export function validateRequest(body: unknown, members: Members): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError('SerializationException', 'Start of structure or map found where not expected.');
  }
  const violations: string[] = [];
  checkMembers(body as Record<string, unknown>, members, '', violations);
  if (violations.length > 0) {
    const count = violations.length;
    const head = `${String(count)} validation error${count === 1 ? '' : 's'} detected: `;
    throw new ApiError('ValidationException', head + violations.join('; '));
  }
  return body as Record<string, unknown>;
}

function checkMembers(value: Record<string, unknown>, members: Members, path: string, out: string[]): void {
  for (const [name, member] of Object.entries(members)) {
    const at = path === '' ? name : `${path}.${name}`;
    const v = value[name];
    if (v === undefined || v === null) {
      // AWS's JSON protocol reads an explicit null as an absent member: the operation never sees it.
      if (v === null) Reflect.deleteProperty(value, name);
      if (member.required === true)
        out.push(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    checkValue(v, member.rule, at, out);
  }
}

function checkValue(value: unknown, rule: Rule, at: string, out: string[]): void {
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') throw typeError(value, 'String', at);
      checkString(value, rule, at, out);
      return;
    case 'integer':
    case 'double':
      if (typeof value !== 'number') throw typeError(value, rule.kind === 'integer' ? 'Integer' : 'Double', at);
      if (rule.kind === 'integer' && !Number.isInteger(value)) throw typeError(value, 'Integer', at);
      if (rule.min !== undefined && value < rule.min) {
        out.push(violation(value, at, `Member must have value greater than or equal to ${String(rule.min)}`));
      }
      if (rule.max !== undefined && value > rule.max) {
        out.push(violation(value, at, `Member must have value less than or equal to ${String(rule.max)}`));
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw typeError(value, 'Boolean', at);
      return;
    case 'list':
      if (!Array.isArray(value)) throw typeError(value, 'List', at);
      checkLength(value.length, rule, () => `[${value.map((item) => shownItem(item, rule.item)).join(', ')}]`, at, out);
      value.forEach((item: unknown, index) => {
        if (item === null || item === undefined) {
          out.push(
            `Value null at '${at}.${String(index + 1)}.member' failed to satisfy constraint: Member must not be null`,
          );
        } else checkValue(item, rule.item, `${at}.${String(index + 1)}.member`, out);
      });
      return;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) throw typeError(value, 'Structure', at);
      checkMembers(value as Record<string, unknown>, rule.members, at, out);
      return;
  }
}

function checkString(value: string, rule: Extract<Rule, { kind: 'string' }>, at: string, out: string[]): void {
  const text = rule.sensitive === true ? redacted : value;
  if (rule.enum !== undefined && !rule.enum.includes(value)) {
    out.push(violation(text, at, `Member must satisfy enum value set: [${rule.enum.join(', ')}]`));
    return;
  }
  // AWS counts length in UTF-16 code units for most members; bytes matter only for the payload limits.
  checkLength(value.length, rule, () => text, at, out);
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    out.push(violation(text, at, `Member must satisfy regular expression pattern: ${rule.pattern.source}`));
  }
}

function checkLength(
  length: number,
  rule: { min?: number; max?: number },
  text: () => string,
  at: string,
  out: string[],
): void {
  if (rule.min !== undefined && length < rule.min) {
    out.push(violation(text(), at, `Member must have length greater than or equal to ${String(rule.min)}`));
  }
  if (rule.max !== undefined && length > rule.max) {
    out.push(violation(text(), at, `Member must have length less than or equal to ${String(rule.max)}`));
  }
}

function violation(value: unknown, at: string, constraint: string): string {
  return `Value '${typeof value === 'string' ? value : shown(value)}' at '${at}' failed to satisfy constraint: ${constraint}`;
}

/** A list item as AWS prints it: a structure with a Java class name as `Name(member=value, ...)`. */
function shownItem(item: unknown, rule: Rule): string {
  if (rule.kind !== 'object' || rule.javaName === undefined || typeof item !== 'object' || item === null) {
    return shown(item);
  }
  const fields = Object.keys(rule.members).map((name) => `${name}=${shown((item as Record<string, unknown>)[name])}`);
  return `${rule.javaName}(${fields.join(', ')})`;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function typeError(value: unknown, expected: string, at: string): ApiError {
  const found = Array.isArray(value) ? 'Start of list' : typeof value === 'object' ? 'Start of structure' : 'Value';
  return new ApiError('SerializationException', `${found} found where ${expected} was expected at '${at}'`);
}
