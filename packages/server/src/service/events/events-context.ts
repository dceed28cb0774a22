// What the EventBridge, Scheduler and Pipes modules work with, and the request checks they share: AWS's
// ValidationException wording for a missing or malformed member, and EventBridge's ARNs.

import type { TriggerStore } from '../../store/trigger-store.ts';
import { ApiError } from '../errors.ts';

export interface EventsDeps {
  triggers: TriggerStore;
  region: string;
  accountId: string;
  /** Epoch milliseconds. */
  now: () => number;
  uuid: () => string;
  /** Wakes the delivery worker after deliveries were committed. */
  deliveriesAdded: () => void;
}

export type EventsHandler = (request: Record<string, unknown>) => Promise<object>;

export function validation(message: string): ApiError {
  return new ApiError('ValidationException', message);
}

/** A required string member; `pattern` is AWS's constraint on it. */
export function requiredString(request: Record<string, unknown>, member: string, pattern?: RegExp): string {
  const value = request[member];
  if (value === undefined || value === null) {
    throw validation(
      `1 validation error detected: Value null at '${lowerFirst(member)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return checkedString(value, member, pattern);
}

export function optionalString(request: Record<string, unknown>, member: string, pattern?: RegExp): string | undefined {
  const value = request[member];
  return value === undefined || value === null ? undefined : checkedString(value, member, pattern);
}

function checkedString(value: unknown, member: string, pattern: RegExp | undefined): string {
  if (typeof value !== 'string') throw new ApiError('SerializationException', `${member} must be a string`);
  if (pattern !== undefined && !pattern.test(value)) {
    throw validation(
      `1 validation error detected: Value '${value}' at '${lowerFirst(member)}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source}`,
    );
  }
  return value;
}

/** A page size member (ListRules' Limit, ListSchedules' MaxResults...): 1 to 100 as AWS allows, 100 when absent. */
export function pageLimit(request: Record<string, unknown>, member: string): number {
  const value = request[member];
  if (value === undefined || value === null) return 100;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 100) return value;
  const constraint =
    typeof value !== 'number' || !Number.isInteger(value)
      ? 'Member must be an integer'
      : `Member must have value ${value < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`;
  const shown = typeof value === 'number' ? String(value) : JSON.stringify(value);
  throw validation(
    `1 validation error detected: Value '${shown}' at '${lowerFirst(member)}' failed to satisfy constraint: ${constraint}`,
  );
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Rule and bus names: AWS's pattern. */
export const ruleNamePattern = /^[.\-_A-Za-z0-9]{1,64}$/;
export const busNamePattern = /^[/.\-_A-Za-z0-9]{1,256}$/;

/** A bus named or given by ARN (absent: default). */
export function busName(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default';
  const arn = /^arn:aws[\w-]*:events:[\w-]+:\d{12}:event-bus\/(.+)$/.exec(value);
  return arn?.[1] ?? value;
}

export function busArn(deps: EventsDeps, name: string): string {
  return `arn:aws:events:${deps.region}:${deps.accountId}:event-bus/${name}`;
}

/** A rule's ARN: `rule/NAME` on the default bus, `rule/BUS/NAME` on others. */
export function ruleArn(deps: EventsDeps, bus: string, name: string): string {
  const path = bus === 'default' ? name : `${bus}/${name}`;
  return `arn:aws:events:${deps.region}:${deps.accountId}:rule/${path}`;
}

export function ruleNotFound(bus: string, name: string): ApiError {
  return new ApiError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`);
}

export function busNotFound(name: string): ApiError {
  return new ApiError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
}
