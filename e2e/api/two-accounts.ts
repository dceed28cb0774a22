// The set-up the account-isolation tests share: `stepwise serve --auth` with the keys of two accounts (a
// keys file of their own, mode 0600 as the server demands), an SDK client per account, and a console sign-in.

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from './server-process.ts';

export interface AccountKey {
  accessKeyId: string;
  secretAccessKey: string;
  account: string;
  readOnly: boolean;
}

export interface TwoAccounts {
  server: ServerProcess;
  a: SFNClient;
  b: SFNClient;
  /** Destroys the clients, stops the server (asserting it exits 0) and removes the keys' folder. */
  stop(): Promise<void>;
}

/** Starts a server whose --auth file holds the two keys, and a client signed with each. */
export async function startTwoAccounts(keyA: AccountKey, keyB: AccountKey, region: string): Promise<TwoAccounts> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-two-accounts-'));
  const keys = join(dir, 'keys.json');
  writeFileSync(keys, JSON.stringify([keyA, keyB]));
  chmodSync(keys, 0o600);
  const server = await startServer(['--auth', keys]).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const a = new SFNClient({ endpoint: server.url, region, credentials: keyA, maxAttempts: 1 });
  const b = new SFNClient({ endpoint: server.url, region, credentials: keyB, maxAttempts: 1 });
  const stop = async (): Promise<void> => {
    a.destroy();
    b.destroy();
    try {
      assert.equal(await server.stop(), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { server, a, b, stop };
}

/** Signs `key` into the console as its login form does; returns the session cookie (name=value). */
export async function consoleSignIn(url: string, key: AccountKey): Promise<string> {
  const form = new URLSearchParams({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
  const login = await fetch(`${url}/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: form.toString(),
    redirect: 'manual',
  });
  assert.equal(login.status, 303);
  return (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
