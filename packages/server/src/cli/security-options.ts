// The serve options that decide who may call the server: --auth (keys file), --rate-limit, and the rule that a
// server reachable from other machines must check signatures.

import { isIP } from 'node:net';
import type { AccessKey } from '../http/request-auth.ts';
import { stringOption, UsageError, type ParsedArgs } from './args.ts';
import { readKeysFile } from './auth-keys-file.ts';

export const securityOptionNames = ['auth', 'rate-limit'];

export interface SecurityOptions {
  /** Empty without --auth: requests are not signed, and only loopback may listen. */
  keys: AccessKey[];
  /** Requests per second per access key. */
  ratePerSecond?: number;
}

/** Reads --auth and --rate-limit; `account` is --account when given. Returns the options and the server's account. */
export function securityOptionsFrom(
  args: ParsedArgs,
  host: string,
  account: string | undefined,
): { security: SecurityOptions; account: string | undefined } {
  const file = stringOption(args, 'auth');
  if (file === undefined && !isLoopback(host)) {
    throw new UsageError(
      `--host ${host} is reachable from other machines: it needs --auth FILE (access keys) so that every request is signed`,
    );
  }
  const keys = file === undefined ? [] : readKeysFile(file);
  const accounts = [...new Set(keys.map((key) => key.account))];
  if (accounts.length > 1) {
    throw new UsageError(
      `--auth ${file ?? ''}: keys of several accounts (${accounts.join(', ')}); one account per server for now`,
    );
  }
  const keyAccount = accounts[0];
  if (keyAccount !== undefined && account !== undefined && keyAccount !== account) {
    throw new UsageError(`--account ${account} differs from the account of the --auth keys (${keyAccount})`);
  }
  const rate = stringOption(args, 'rate-limit');
  const ratePerSecond = rate === undefined ? undefined : Number(rate);
  if (ratePerSecond !== undefined && !(Number.isFinite(ratePerSecond) && ratePerSecond >= 1)) {
    throw new UsageError('--rate-limit must be a number of requests per second per key, at least 1');
  }
  return {
    security: { keys, ...(ratePerSecond === undefined ? {} : { ratePerSecond }) },
    account: account ?? keyAccount,
  };
}

/** localhost, 127.0.0.0/8 and ::1: addresses no other machine can reach. */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return isIP(bare) === 6 && (bare === '::1' || bare === '0:0:0:0:0:0:0:1');
}
