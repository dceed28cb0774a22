// EventBridge on the API's port: AWS JSON 1.1 requests with `X-Amz-Target: AWSEvents.<Operation>`, answered
// with JSON 1.1 bodies and `{"__type", "message"}` errors, one log line per call.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ApiError } from '../service/errors.ts';
import type { EventsApi } from '../service/events/events-service.ts';
import type { HttpService } from './http-service.ts';
import type { RequestAuth } from './request-auth.ts';
import { parseBody, renderError, renderResult } from './protocol.ts';
import { readBody } from './server.ts';

const targetPrefix = 'AWSEvents.';
const contentType = 'application/x-amz-json-1.1';

/** `api`: EventBridge, or the caller's account's (its key's; the server's without --auth). */
export function eventsHttpService(
  api: EventsApi | ((account: string | undefined) => EventsApi),
  log: Logger,
  auth?: RequestAuth,
): HttpService {
  return {
    claims: (req) => {
      const target = req.headers['x-amz-target'];
      return typeof target === 'string' && target.startsWith(targetPrefix);
    },
    handle: (req, res) =>
      answerJson11(
        req,
        res,
        { log, prefix: targetPrefix, signingName: 'events', ...(auth ? { auth } : {}) },
        (op, body, account) => (typeof api === 'function' ? api(account) : api).call(op, body),
      ),
  };
}

export interface Json11Options {
  log: Logger;
  /** The X-Amz-Target prefix before the operation name. */
  prefix: string;
  /** The service name permissions are checked under (`events`). */
  signingName: string;
  auth?: RequestAuth;
}

/** Reads one JSON 1.1 request, checks its signature, calls `call` with its operation and body, writes the answer. */
export async function answerJson11(
  req: IncomingMessage,
  res: ServerResponse,
  options: Json11Options,
  call: (operation: string, body: unknown, account: string | undefined) => Promise<object>,
): Promise<void> {
  const { log, prefix, auth } = options;
  const requestId = randomUUID();
  const started = performance.now();
  const operation = String(req.headers['x-amz-target']).slice(prefix.length);
  try {
    if (req.method !== 'POST')
      throw new ApiError('UnknownOperationException', `Unsupported method ${req.method ?? ''}`);
    const bytes = await readBody(req, 8 * 1024 * 1024);
    const caller = auth?.authenticate({
      method: req.method,
      url: req.url ?? '/',
      rawHeaders: req.rawHeaders,
      body: bytes,
    });
    const body = parseBody(bytes.toString('utf8'));
    if (caller !== undefined) auth?.authorize(caller, options.signingName, operation, body);
    const result = await call(operation, body, caller?.account);
    send(res, 200, renderResult(result), requestId);
    log.info({ requestId, operation, status: 200, ms: Math.round(performance.now() - started) }, 'request');
  } catch (error) {
    const { status, body } = renderError(error);
    send(res, status, body, requestId);
    if (error instanceof ApiError) log.info({ requestId, operation, status, error: error.type }, 'request failed');
    else log.error({ requestId, operation, status, err: error }, 'internal error');
  }
}

function send(res: ServerResponse, status: number, body: string, requestId: string): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}
