// `serve --auth FILE`: reads the access keys (a JSON array) from a file only its owner can read, with an error
// naming the entry and field for anything malformed. Secrets never appear in the errors.

import { readFileSync, statSync } from 'node:fs';
import type { AccessKey } from '../http/request-auth.ts';
import { UsageError } from './args.ts';

export function readKeysFile(file: string): AccessKey[] {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new UsageError(`--auth ${file}: no such file`);
  }
  // Like ssh with a private key: a secrets file others can read is refused rather than trusted.
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8);
    throw new UsageError(`--auth ${file}: mode ${octal} lets others read the keys; run chmod 600 ${file}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--auth ${file}: not valid JSON (${error instanceof Error ? error.message : 'unreadable'})`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new UsageError(
      `--auth ${file}: expected a non-empty JSON array of {accessKeyId, secretAccessKey, account, readOnly}`,
    );
  }
  const keys = parsed.map((entry: unknown, index) => accessKey(entry, `--auth ${file}: entry ${String(index)}`));
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.accessKeyId))
      throw new UsageError(`--auth ${file}: accessKeyId ${key.accessKeyId} is listed twice`);
    seen.add(key.accessKeyId);
  }
  return keys;
}

function accessKey(entry: unknown, where: string): AccessKey {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw new UsageError(`${where} is not an object`);
  const record = entry as Record<string, unknown>;
  const known = ['accessKeyId', 'secretAccessKey', 'account', 'readOnly', 'sessionToken'];
  const unknown = Object.keys(record).find((name) => !known.includes(name));
  if (unknown !== undefined) throw new UsageError(`${where}: unknown field ${unknown}`);
  const { accessKeyId, secretAccessKey, account, readOnly = false, sessionToken } = record;
  if (typeof accessKeyId !== 'string' || !/^[A-Za-z0-9]{3,128}$/.test(accessKeyId)) {
    throw new UsageError(`${where}: accessKeyId must be 3 to 128 letters or digits`);
  }
  if (typeof secretAccessKey !== 'string' || secretAccessKey.length < 8) {
    throw new UsageError(`${where} (${accessKeyId}): secretAccessKey must be a string of at least 8 characters`);
  }
  if (typeof account !== 'string' || !/^\d{12}$/.test(account)) {
    throw new UsageError(`${where} (${accessKeyId}): account must be 12 digits`);
  }
  if (typeof readOnly !== 'boolean') throw new UsageError(`${where} (${accessKeyId}): readOnly must be true or false`);
  if (sessionToken !== undefined && (typeof sessionToken !== 'string' || sessionToken === '')) {
    throw new UsageError(`${where} (${accessKeyId}): sessionToken must be a non-empty string`);
  }
  return { accessKeyId, secretAccessKey, account, readOnly, ...(sessionToken === undefined ? {} : { sessionToken }) };
}
