// EventBridge Scheduler on the API's port: REST JSON by path (`/schedules/{Name}` with POST, GET, PUT, DELETE;
// `GET /schedules`), errors with `X-Amzn-ErrorType` and AWS's REST status codes.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ApiError } from '../service/errors.ts';
import type { ScheduleHandler } from '../service/schedules/schedules-service.ts';
import type { HttpService } from './http-service.ts';
import { parseBody } from './protocol.ts';
import type { RequestAuth } from './request-auth.ts';
import { readBody } from './server.ts';

const statuses: Record<string, number> = { ResourceNotFoundException: 404, ConflictException: 409 };

/** The operation and request a path, method and query name. */
function route(
  method: string,
  path: string,
  query: URLSearchParams,
): { operation: string; request: Record<string, unknown> } | undefined {
  if (path === '/schedules' && method === 'GET') {
    const request: Record<string, unknown> = {};
    for (const [param, member] of [
      ['NamePrefix', 'NamePrefix'],
      ['ScheduleGroup', 'GroupName'],
      ['State', 'State'],
      ['NextToken', 'NextToken'],
    ]) {
      const value = query.get(param as string);
      if (value !== null) request[member as string] = value;
    }
    const max = query.get('MaxResults');
    if (max !== null) request.MaxResults = Number(max);
    return { operation: 'ListSchedules', request };
  }
  const match = /^\/schedules\/([^/]+)$/.exec(path);
  if (match === null) return undefined;
  const name = decodeURIComponent(match[1] ?? '');
  const group = query.get('groupName');
  const base = { Name: name, ...(group === null ? {} : { GroupName: group }) };
  const operation = { POST: 'CreateSchedule', GET: 'GetSchedule', PUT: 'UpdateSchedule', DELETE: 'DeleteSchedule' }[
    method
  ];
  return operation === undefined ? undefined : { operation, request: base };
}

export function schedulerHttpService(
  handlers: Record<string, ScheduleHandler>,
  log: Logger,
  auth?: RequestAuth,
): HttpService {
  return {
    claims: (req) => /^\/schedules(\/|\?|$)/.test(req.url ?? ''),
    handle: async (req, res) => {
      const requestId = randomUUID();
      const url = new URL(req.url ?? '/', 'http://localhost');
      let operation: string | undefined;
      try {
        const bytes = await readBody(req, 1024 * 1024);
        const caller = auth?.authenticate({
          method: req.method ?? '',
          url: req.url ?? '/',
          rawHeaders: req.rawHeaders,
          body: bytes,
        });
        const found = route(req.method ?? '', url.pathname, url.searchParams);
        if (found === undefined)
          throw new ApiError(
            'UnknownOperationException',
            `No Scheduler operation at ${req.method ?? ''} ${url.pathname}`,
          );
        operation = found.operation;
        const body =
          req.method === 'POST' || req.method === 'PUT'
            ? (parseBody(bytes.toString('utf8')) as Record<string, unknown>)
            : {};
        const request = { ...body, ...found.request };
        if (caller !== undefined) auth?.authorize(caller, 'scheduler', operation, request);
        const handler = handlers[operation];
        if (handler === undefined) throw new ApiError('UnknownOperationException', operation);
        send(res, 200, await handler(request), requestId);
        log.info({ requestId, operation, status: 200 }, 'request');
      } catch (error) {
        answerError(res, error, requestId, log, operation);
      }
    },
  };
}

function answerError(
  res: ServerResponse,
  error: unknown,
  requestId: string,
  log: Logger,
  operation: string | undefined,
): void {
  if (error instanceof ApiError) {
    const status = statuses[error.type] ?? error.status;
    send(res, status, { Message: error.message, message: error.message }, requestId, error.type);
    log.info({ requestId, operation, status, error: error.type }, 'request failed');
    return;
  }
  send(res, 500, { Message: 'An internal error occurred' }, requestId, 'InternalServerException');
  log.error({ requestId, operation, err: error }, 'internal error');
}

function send(res: ServerResponse, status: number, body: object, requestId: string, errorType?: string): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
    ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
  });
  res.end(text);
}
