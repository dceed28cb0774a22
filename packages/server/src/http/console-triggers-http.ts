// The console's own endpoints for triggers (no AWS API has them): `GET /console/api/triggers`, everything the
// Triggers view shows, and `POST`/`DELETE /console/api/routes` to add and remove HTTP start routes. Under
// --auth, GETs pass the console's session guard first; a change needs the session (same origin, the console's
// content type), as the console's API calls do.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ApiError } from '../service/errors.ts';
import type { ConsoleRoutes } from '../service/routes/console-routes.ts';
import type { TriggersOverview } from '../service/triggers-overview.ts';
import type { ConsoleSessions } from './console-session.ts';
import type { HttpService } from './http-service.ts';
import { parseBody, renderError } from './protocol.ts';
import type { RequestAuth } from './request-auth.ts';
import { readBody } from './server.ts';

export interface ConsoleTriggersOptions {
  /** The triggers of an account (the console session's; the server's without --auth). */
  overview: (account: string | undefined) => Promise<TriggersOverview>;
  routes: ConsoleRoutes;
  log: Logger;
  auth?: RequestAuth | undefined;
  sessions?: ConsoleSessions | undefined;
}

const overviewPath = '/console/api/triggers';
const routesPath = '/console/api/routes';

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://console').pathname;
}

export function consoleTriggersService(options: ConsoleTriggersOptions): HttpService {
  return {
    claims: (req) => pathOf(req) === overviewPath || pathOf(req) === routesPath,
    handle: async (req, res) => {
      try {
        const result = await answer(options, req);
        send(res, 200, JSON.stringify(result));
      } catch (error) {
        const { status, body } = renderError(error);
        send(res, status, body);
        if (!(error instanceof ApiError)) options.log.error({ err: error, path: req.url }, 'console triggers failed');
      }
    },
  };
}

async function answer(options: ConsoleTriggersOptions, req: IncomingMessage): Promise<object> {
  const method = req.method ?? '';
  if (pathOf(req) === overviewPath) {
    if (method !== 'GET') throw new ApiError('UnknownOperationException', `${method} ${overviewPath} is not served`);
    return options.overview(options.sessions?.accountOf(req));
  }
  if (options.auth?.enabled === true && options.sessions?.callerOf(req) === undefined) {
    throw new ApiError('AccessDeniedException', 'Sign in to the console to change routes.');
  }
  const body = parseBody((await readBody(req, 64 * 1024)).toString('utf8')) as Record<string, unknown>;
  const account = options.sessions?.accountOf(req);
  if (method === 'POST') return options.routes.add(body, account);
  if (method === 'DELETE') {
    await options.routes.remove(String(body.method), String(body.path), account);
    return {};
  }
  throw new ApiError('UnknownOperationException', `${method} ${routesPath} is not served`);
}

function send(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
