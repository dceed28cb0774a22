// The engine's non-deterministic services, backed by Node: random UUIDs, Math.random, node:crypto hashes,
// and task tokens from the system's secure random source (whoever holds one can complete its task).

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EvaluationServices } from '@stepwise/core';

const algorithms: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export const nodeServices: EvaluationServices = {
  uuid: () => randomUUID(),
  random: () => Math.random(),
  hash: (algorithm, data) =>
    createHash(algorithms[algorithm] ?? algorithm)
      .update(data, 'utf8')
      .digest('hex'),
  // 256 random bits: a token cannot be guessed, only handed out.
  taskToken: () => randomBytes(32).toString('base64url'),
};
