// Builds what `serve` puts in front of its API from the security options: signature checks, the Host check on
// loopback, and the console's sessions with the one-time sign-in link printed at start.

import { ConsoleSessions, loginPath } from '../http/console-session.ts';
import { corsGuard } from '../http/cors.ts';
import { hostGuard } from '../http/host-check.ts';
import { requestLimit } from '../http/request-limit.ts';
import type { ListenOptions } from '../http/listen.ts';
import { createRequestAuth } from '../http/request-auth.ts';
import { callerAccount } from '../http/caller-account.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopback, type SecurityOptions } from './security-options.ts';

type RequestGuard = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface ServeSecurity {
  listen: Pick<ListenOptions, 'auth' | 'guards' | 'sessions' | 'tls' | 'maxConnections' | 'timeouts'>;
  /** The console's one-time sign-in path (with --auth). */
  signInPath?: string;
  /** The account a GET request acts in (its signature's or its console session's); undefined without --auth. */
  accountOf: (req: IncomingMessage) => string | undefined;
}

export function serveSecurity(
  security: SecurityOptions,
  scope: { host: string; region: string; account: string },
): ServeSecurity {
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
