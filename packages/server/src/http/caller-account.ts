// The account a GET request acts in under --auth (/metrics, /audit): its signature's key's, or else its console
// session's. The guards before these routes have already refused requests with neither.

import type { IncomingMessage } from 'node:http';
import type { ConsoleSessions } from './console-session.ts';
import type { RequestAuth } from './request-auth.ts';

/** An account no key has: what a request the guards let through without a caller may read (nothing). */
export const noAccount = 'none';

export function callerAccount(req: IncomingMessage, auth: RequestAuth, sessions: ConsoleSessions): string {
  try {
    if (req.headers.authorization === undefined) return sessions.accountOf(req) ?? noAccount;
    const request = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      rawHeaders: req.rawHeaders,
      body: Buffer.alloc(0),
    };
    return auth.authenticate(request).account;
  } catch {
    return noAccount;
  }
}
