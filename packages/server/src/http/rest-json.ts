// The REST JSON protocol of the AWS APIs routed by path (Scheduler, Pipes): a request's operation from its method
// and path, the body and path/query members merged, and errors as `X-Amzn-ErrorType` with AWS's REST statuses.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ApiError } from '../service/errors.ts';
import type { HttpService } from './http-service.ts';
import { parseBody } from './protocol.ts';
import type { RequestAuth } from './request-auth.ts';
import { readBody } from './server.ts';

const statuses: Record<string, number> = {
  ResourceNotFoundException: 404,
  NotFoundException: 404,
  ConflictException: 409,
};

export type RestHandler = (request: Record<string, unknown>) => Promise<object>;

export type AccountHandlers =
  Record<string, RestHandler> | ((account: string | undefined) => Record<string, RestHandler>);

export interface RestRoute {
  operation: string;
  /** Members from the path and the query. */
  request: Record<string, unknown>;
}

export interface RestJsonOptions {
  /** The IAM service prefix (`scheduler`, `pipes`), for permission checks and messages. */
  service: string;
  claims: RegExp;
  route: (method: string, path: string, query: URLSearchParams) => RestRoute | undefined;
  /** The operations, or those of the caller's account (its key's; the server's without --auth). */
  handlers: AccountHandlers;
  log: Logger;
  auth?: RequestAuth | undefined;
}

export function restJsonService(options: RestJsonOptions): HttpService {
  const { auth, log } = options;
  return {
    claims: (req) => options.claims.test(req.url ?? ''),
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
        const found = options.route(req.method ?? '', url.pathname, url.searchParams);
        if (found === undefined) {
          const where = `${req.method ?? ''} ${url.pathname}`;
          throw new ApiError('UnknownOperationException', `No ${options.service} operation at ${where}`);
        }
        operation = found.operation;
        const body = parseBody(bytes.toString('utf8')) as Record<string, unknown>;
        const request = { ...body, ...found.request };
        if (caller !== undefined) auth?.authorize(caller, options.service, operation, request);
        const handlers = typeof options.handlers === 'function' ? options.handlers(caller?.account) : options.handlers;
        const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
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
