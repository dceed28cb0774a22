// EventBridge Pipes on the API's port: REST JSON by path (`/v1/pipes/{Name}` with POST, GET, PUT, DELETE;
// `POST /v1/pipes/{Name}/start|stop`; `GET /v1/pipes` with its filters in the query).

import type { Logger } from 'pino';
import type { EventsHandler } from '../service/events/events-context.ts';
import type { HttpService } from './http-service.ts';
import type { RequestAuth } from './request-auth.ts';
import { restJsonService, type RestRoute } from './rest-json.ts';

const listFilters = ['NamePrefix', 'DesiredState', 'CurrentState', 'SourcePrefix', 'TargetPrefix', 'NextToken'];

function listRequest(query: URLSearchParams): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  for (const member of listFilters) {
    const value = query.get(member);
    if (value !== null) request[member] = value;
  }
  const limit = query.get('Limit');
  if (limit !== null) request.Limit = Number(limit);
  return request;
}

const byMethod: Record<string, string> = {
  POST: 'CreatePipe',
  GET: 'DescribePipe',
  PUT: 'UpdatePipe',
  DELETE: 'DeletePipe',
};

function route(method: string, path: string, query: URLSearchParams): RestRoute | undefined {
  if (path === '/v1/pipes' && method === 'GET') return { operation: 'ListPipes', request: listRequest(query) };
  const match = /^\/v1\/pipes\/([^/]+)(?:\/(start|stop))?$/.exec(path);
  if (match === null) return undefined;
  const request = { Name: decodeURIComponent(match[1] ?? '') };
  const action = match[2];
  if (action !== undefined) {
    return method === 'POST' ? { operation: action === 'start' ? 'StartPipe' : 'StopPipe', request } : undefined;
  }
  const operation = byMethod[method];
  return operation === undefined ? undefined : { operation, request };
}

export function pipesHttpService(
  handlers: Record<string, EventsHandler> | ((account: string | undefined) => Record<string, EventsHandler>),
  log: Logger,
  auth?: RequestAuth,
): HttpService {
  return restJsonService({ service: 'pipes', claims: /^\/v1\/pipes(\/|\?|$)/, route, handlers, log, auth });
}
