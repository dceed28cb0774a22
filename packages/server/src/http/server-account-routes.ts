// The server-wide GET routes (/metrics) count every account's executions and calls: under --auth only callers
// of the server's own account may read them; another account's key gets AccessDenied.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../service/errors.ts';
import { renderError } from './protocol.ts';
import type { ConsoleSessions } from './console-session.ts';
import type { RequestAuth } from './request-auth.ts';

export function serverAccountRoutes(
  paths: readonly string[],
  account: string,
  auth: RequestAuth,
  sessions: ConsoleSessions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!paths.includes(path) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const caller = callerAccount(req, auth, sessions);
    // The session guard before this one answers requests with neither a session nor a good signature.
    if (caller === undefined || caller === account) return false;
    const error = new ApiError(
      'AccessDeniedException',
      `${path} covers every account on this server: only keys of account ${account} may read it`,
      403,
    );
    const { status, body } = renderError(error);
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return true;
  };
}

/** The account of a GET request's signature, or else of its console session. */
export function callerAccount(req: IncomingMessage, auth: RequestAuth, sessions: ConsoleSessions): string | undefined {
  if (req.headers.authorization === undefined) return sessions.accountOf(req);
  const request = {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    rawHeaders: req.rawHeaders,
    body: Buffer.alloc(0),
  };
  return auth.authenticate(request).account;
}
