// What every operation works with (store, runtime, ARNs, injected time and randomness), and the small rules
// several operations share: AWS's name rule, paging, tags.

import type { LogStore } from '../store/log-store.ts';
import type { Store, Tag } from '../store/store.ts';
import type { Arns } from './arns.ts';
import { ApiError, invalidName } from './errors.ts';
import type { ExecutionRuntime } from './runtime-port.ts';

export interface ServiceDeps {
  store: Store;
  runtime: ExecutionRuntime;
  arns: Arns;
  /** Epoch milliseconds; injected so tests control dates. */
  now: () => number;
  /** In [0, 1): picks an alias route; injected so weighted routing is testable. */
  random: () => number;
  uuid: () => string;
  /** Where log groups live: LoggingConfiguration destinations are checked against it when given. */
  logs?: LogStore;
  /** The one account whose log groups `logs` holds (several accounts served): others' are not found. */
  logsAccount?: string;
}

/**
 * AWS's name rule (state machines, executions, aliases): no white space, brackets, wildcards, the special
 * characters " # % \ ^ | ~ ` $ & , ; : / or control characters.
 */
// eslint-disable-next-line no-control-regex
const forbidden = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f\ufffe\uffff]/u;

export function checkName(name: string): void {
  if (name.length === 0 || name.length > 80 || forbidden.test(name)) throw invalidName(name);
}

/** Alias names also may not be a number alone, which would read as a version ARN. */
export function checkAliasName(name: string): void {
  checkName(name);
  if (/^\d+$/.test(name)) throw invalidName(name);
}

/** AWS's page size: absent or 0 means the default of 100. */
export function pageSize(maxResults: unknown): number {
  return typeof maxResults === 'number' && maxResults > 0 ? maxResults : 100;
}

const maxTags = 50;

/** Tags as the request gave them, checked as AWS checks them (keys present, at most 50 per resource). */
export function requestTags(value: unknown, existing: readonly Tag[] = []): Tag[] {
  const tags = (Array.isArray(value) ? value : []) as { key?: string; value?: string }[];
  const result = tags.map((tag) => ({ key: tag.key ?? '', value: tag.value ?? '' }));
  const keys = new Set([...existing.map((t) => t.key), ...result.map((t) => t.key)]);
  if (keys.size > maxTags) {
    throw new ApiError('TooManyTags', `The number of tags exceeds the limit of ${String(maxTags)}`, 400, {
      resourceName: '',
    });
  }
  return result;
}

/** Byte size of a payload as AWS counts it (UTF-8). */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
