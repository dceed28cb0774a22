// Builds what a server puts in front of its API from the security options (`serve`'s --auth and the rest):
// signature checks, the Host check on loopback, and the console's sessions with the one-time sign-in link.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { ConsoleSessions, loginPath } from './console-session.ts';
import { corsGuard } from './cors.ts';
import { hostGuard } from './host-check.ts';
import { requestLimit } from './request-limit.ts';
import type { ListenOptions } from './listen.ts';
import { createRequestAuth, type AccessKey } from './request-auth.ts';
import { callerAccount } from './caller-account.ts';

export interface SecurityOptions {
  /** Empty without --auth: requests are not signed, and only loopback may listen. */
  keys: AccessKey[];
  /** Requests per second per access key. */
  ratePerSecond?: number;
  /** Hosts HTTP Tasks may reach even on loopback or private addresses (--http-allow a,b); with it, only those. */
  httpAllow: string[];
  /** Host header names answered besides loopback ones (--allowed-hosts); checked when on loopback or given. */
  allowedHosts: string[];
  /** --tls-cert and --tls-key, read: HTTPS. */
  tls?: { cert: Buffer; key: Buffer };
  /** --max-connections: open connections at most. */
  maxConnections?: number;
  /** --headers-timeout / --request-timeout, in milliseconds: a slow client is cut off past them. */
  timeouts?: { headersMs?: number; requestMs?: number };
  /** --max-requests: API requests served at once at most; more are throttled. */
  maxRequests?: number;
  /** --cors-origin (repeatable): browser origins whose pages may call the API. */
  corsOrigins: string[];
}

/** localhost, 127.0.0.0/8 and ::1: addresses no other machine can reach. */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return isIP(bare) === 6 && (bare === '::1' || bare === '0:0:0:0:0:0:0:1');
}

type RequestGuard = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface ServerSecurity {
  listen: Pick<ListenOptions, 'auth' | 'guards' | 'sessions' | 'tls' | 'maxConnections' | 'timeouts'>;
  /** The console's one-time sign-in path (with --auth). */
  signInPath?: string;
  /** The account a GET request acts in (its signature's or its console session's); undefined without --auth. */
  accountOf: (req: IncomingMessage) => string | undefined;
}

export function serverSecurity(
  security: SecurityOptions,
  scope: { host: string; region: string; account: string },
): ServerSecurity {
  const transport = {
    ...(security.tls === undefined ? {} : { tls: security.tls }),
    ...(security.maxConnections === undefined ? {} : { maxConnections: security.maxConnections }),
    ...(security.timeouts === undefined ? {} : { timeouts: security.timeouts }),
  };
  const auth = createRequestAuth({ ...security, region: scope.region, account: scope.account });
  const guards: RequestGuard[] = [];
  // CORS first, so that a page is told of a throttled or refused call rather than kept from reading it.
  if (security.corsOrigins.length > 0) guards.push(corsGuard(security.corsOrigins));
  if (security.maxRequests !== undefined) guards.push(requestLimit(security.maxRequests));
  if (isLoopback(scope.host) || security.allowedHosts.length > 0) guards.push(hostGuard(security.allowedHosts));
  if (!auth.enabled) return { listen: { auth, guards, ...transport }, accountOf: () => undefined };
  const sessions = new ConsoleSessions({
    keys: security.keys,
    secure: security.tls !== undefined,
    verify: (request) => auth.authenticate(request),
  });
  guards.push((req, res) => sessions.handle(req, res));
  return {
    listen: { auth, guards, sessions, ...transport },
    signInPath: `${loginPath}?token=${sessions.oneTimeToken}`,
    accountOf: (req) => callerAccount(req, auth, sessions),
  };
}
