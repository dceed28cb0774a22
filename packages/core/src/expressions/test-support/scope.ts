// Test scopes with real hashing (node:crypto is fine in tests: core's code never sees it).

import { createHash } from 'node:crypto';
import type { JsonValue } from '../../json/json-value.ts';
import type { EvaluationScope, EvaluationServices } from '../scope.ts';

const ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export const testServices: EvaluationServices = {
  uuid: () => '00000000-0000-4000-8000-000000000000',
  random: () => 0.5,
  hash: (algorithm, data) =>
    createHash(ALGORITHMS[algorithm] ?? algorithm)
      .update(data, 'utf8')
      .digest('hex'),
};

export function scopeOf(
  input: JsonValue,
  options: { context?: JsonValue; variables?: Record<string, JsonValue> } = {},
): EvaluationScope {
  return { input, context: options.context ?? {}, variables: options.variables ?? {}, services: testServices };
}
