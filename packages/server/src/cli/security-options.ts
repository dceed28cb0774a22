// The serve options that decide who may call the server: --auth (keys file), --rate-limit, and the rule that a
// server reachable from other machines must check signatures.

import { readFileSync } from 'node:fs';
import { checkOrigin } from '../http/cors.ts';
import { isLoopback, type SecurityOptions } from '../http/server-security.ts';
import { listOption, stringOption, UsageError, type ParsedArgs } from './args.ts';
import { readKeysFile } from './auth-keys-file.ts';

export { isLoopback, type SecurityOptions };

export const securityOptionNames = [
  'auth',
  'rate-limit',
  'http-allow',
  'allowed-hosts',
  'tls-cert',
  'tls-key',
  'max-connections',
  'cors-origin',
  'max-requests',
  'headers-timeout',
  'request-timeout',
];

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
  // Keys may belong to several accounts; the server's own (--account, else the first key's) is the one its
  // EventBridge, Scheduler and CloudWatch Logs APIs serve.
  const keyAccount = keys[0]?.account;
  const rate = stringOption(args, 'rate-limit');
  const ratePerSecond = rate === undefined ? undefined : Number(rate);
  if (ratePerSecond !== undefined && !(Number.isFinite(ratePerSecond) && ratePerSecond >= 1)) {
    throw new UsageError('--rate-limit must be a number of requests per second per key, at least 1');
  }
  const maxConnections = positiveInteger(args, 'max-connections');
  const maxRequests = positiveInteger(args, 'max-requests');
  const timeouts = timeoutsFrom(args);
  const tls = tlsFrom(args);
  return {
    security: {
      ...(tls === undefined ? {} : { tls }),
      ...(maxConnections === undefined ? {} : { maxConnections }),
      ...(maxRequests === undefined ? {} : { maxRequests }),
      ...(timeouts === undefined ? {} : { timeouts }),
      keys,
      httpAllow: hostList(args, 'http-allow'),
      allowedHosts: hostList(args, 'allowed-hosts'),
      corsOrigins: corsOrigins(args),
      ...(ratePerSecond === undefined ? {} : { ratePerSecond }),
    },
    account: account ?? keyAccount,
  };
}

function corsOrigins(args: ParsedArgs): string[] {
  const origins = listOption(args, 'cors-origin');
  for (const origin of origins) {
    const problem = checkOrigin(origin);
    if (problem !== undefined) throw new UsageError(`--cors-origin: ${problem}`);
  }
  return origins;
}

function timeoutsFrom(args: ParsedArgs): { headersMs?: number; requestMs?: number } | undefined {
  const headers = positiveInteger(args, 'headers-timeout');
  const request = positiveInteger(args, 'request-timeout');
  if (headers === undefined && request === undefined) return undefined;
  // Node requires the headers' time to fit inside the request's.
  if (headers !== undefined && request !== undefined && headers > request) {
    throw new UsageError('--headers-timeout cannot be longer than --request-timeout');
  }
  return {
    ...(headers === undefined ? {} : { headersMs: headers * 1000 }),
    ...(request === undefined ? {} : { requestMs: request * 1000 }),
  };
}

function positiveInteger(args: ParsedArgs, option: string): number | undefined {
  const text = stringOption(args, option);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${option} must be a whole number, at least 1`);
  return value;
}

function tlsFrom(args: ParsedArgs): { cert: Buffer; key: Buffer } | undefined {
  const certFile = stringOption(args, 'tls-cert');
  const keyFile = stringOption(args, 'tls-key');
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) throw new UsageError('--tls-cert and --tls-key go together');
  return { cert: pemFile(certFile, '--tls-cert', 'CERTIFICATE'), key: pemFile(keyFile, '--tls-key', 'PRIVATE KEY') };
}

function pemFile(file: string, option: string, label: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    throw new UsageError(`${option} ${file}: cannot be read`);
  }
  if (!content.toString('latin1').includes(label))
    throw new UsageError(`${option} ${file}: not a PEM ${label.toLowerCase()}`);
  return content;
}

function hostList(args: ParsedArgs, option: string): string[] {
  const list = stringOption(args, option);
  if (list === undefined) return [];
  const hosts = list.split(',').map((host) => host.trim().toLowerCase());
  const bad = hosts.find((host) => !/^(\*\.)?[a-z0-9.:-]+$/.test(host) || host.includes('/'));
  if (bad !== undefined)
    throw new UsageError(`--http-allow: '${bad}' is not a host name or address (give host,host,...)`);
  return hosts;
}
