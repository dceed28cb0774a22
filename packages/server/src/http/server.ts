// The HTTP edge: a node:http server that reads AWS JSON 1.0 requests, calls the service, and writes responses
// and errors in AWS's shape, with one request id (x-amzn-RequestId) and one log line per call.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Logger } from 'pino';
import type { StepFunctionsApi } from '../service/api.ts';
import { ApiError } from '../service/errors.ts';
import type { TargetApi } from '../service/cloudwatch-logs/logs-service.ts';
import { audit, type AuditOptions, type PendingAudit } from './audit-trail.ts';
import type { ConsoleHandler } from './console-handler.ts';
import type { RouteHandler } from './metrics-route.ts';
import type { HttpService } from './http-service.ts';
import { contentType, operationOf, parseBody, renderError, renderResult } from './protocol.ts';
import type { ConsoleSessions } from './console-session.ts';
import type { RequestAuth } from './request-auth.ts';

export interface ApiServerOptions {
  api: StepFunctionsApi;
  log: Logger;
  /** Largest accepted request body; a 1 MiB definition JSON-escaped fits well under the default 8 MiB. */
  maxBodyBytes?: number;
  /** Answers GET and HEAD requests (the web console); without it they get UnknownOperationException. */
  console?: ConsoleHandler;
  /** Other AWS JSON APIs on the same port, chosen by their X-Amz-Target prefix (CloudWatch Logs). */
  apis?: readonly TargetApi[];
  /** The audit trail of calls that change something; none when absent. */
  audit?: AuditOptions;
  /** GET and HEAD requests answered by path before the console (`/metrics`). */
  routes?: Readonly<Record<string, RouteHandler>>;
  /** Other APIs on this port (triggers: EventBridge, Scheduler, Pipes): the first that claims a request answers. */
  services?: readonly HttpService[];
  /** Signature and permission checks for every AWS-protocol request; open (no --auth) when absent. */
  auth?: RequestAuth;
  /** Run first on every request (Host check, console login): true when one has answered it. */
  guards?: readonly ((req: IncomingMessage, res: ServerResponse) => boolean)[];
  /** The console's sessions (with --auth): an API call carrying one acts as its key. */
  sessions?: ConsoleSessions;
  /** PEM certificate chain and key: the server speaks HTTPS (TLS 1.2 at least). */
  tls?: { cert: Buffer; key: Buffer };
}

export function createApiServer(options: ApiServerOptions): Server | HttpsServer {
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (options.guards?.some((guard) => guard(req, res)) === true) return;
    const route = options.routes?.[(req.url ?? '/').split('?')[0] ?? '/'];
    if (route !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      route(req, res);
      return;
    }
    const service = options.services?.find((candidate) => candidate.claims(req));
    if (service !== undefined) {
      void service.handle(req, res);
      return;
    }
    if (options.console !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      options.console.handle(req, res);
      return;
    }
    void handle(options, req, res);
  };
  // Timeouts are enforced by a sweep over the connections: once a second, so a slow client is cut off close to
  // its limit (Node's default sweep is every 30 s).
  const checks = { connectionsCheckingInterval: 1000 };
  const server =
    options.tls === undefined
      ? createServer(checks, listener)
      : createHttpsServer({ ...options.tls, ...checks, minVersion: 'TLSv1.2' }, listener);
  // An idle keep-alive socket is closed after 65 s (a shutdown closes idle ones at once). At Node's 5 s, a
  // server stalled for longer (a loaded host, a long pause) fires those timers on resuming, before reading the
  // requests waiting on the sockets: 200 busy clients then saw connections reset (e2e/faults/load.test.ts).
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(options: ApiServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const started = performance.now();
  // Bindings go with each line, not into a child logger: creating two pino children per request cost about 5 %
  // of the server's CPU under load, for lines that are off at the default level.

  // A caller that goes away before its answer (a worker stopping mid-poll) ends the operation's wait.
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  let operation: string | undefined;
  let audited: PendingAudit | undefined;
  try {
    const bytes = await readBody(req, options.maxBodyBytes ?? 8 * 1024 * 1024);
    const caller =
      (req.headers.authorization === undefined ? options.sessions?.callerOf(req) : undefined) ??
      options.auth?.authenticate({
        method: req.method ?? '',
        url: req.url ?? '/',
        rawHeaders: req.rawHeaders,
        body: bytes,
      });
    const text = bytes.toString('utf8');
    if (req.method !== 'POST')
      throw new ApiError('UnknownOperationException', `Unsupported method ${req.method ?? ''}`);
    const header = req.headers['x-amz-target'];
    const target = Array.isArray(header) ? header[0] : header;
    const other = options.apis?.find((api) => target?.startsWith(api.targetPrefix) === true);
    const op = other === undefined ? operationOf(target) : (target ?? '').slice(other.targetPrefix.length);
    operation = op;
    const ctx = { requestId, signal: gone.signal, account: caller?.account, principal: caller?.identity?.arn };
    const body = parseBody(text);
    const service = other?.signingName ?? 'states';
    audited = { caller, service, operation: op, body, requestId };
    if (caller !== undefined) options.auth?.authorize(caller, service, op, body);
    const result =
      other === undefined ? await options.api.call(operationOf(target), body, ctx) : await other.call(op, body, ctx);
    send(res, 200, renderResult(result), requestId, other?.contentType);
    audit(options.audit, req, audited);
    options.log.info({ requestId, operation, status: 200, ms: elapsed(started) }, 'request');
  } catch (error) {
    const { status, body } = renderError(error);
    send(res, status, body, requestId);
    audit(options.audit, req, audited, error instanceof ApiError ? error : { type: 'InternalFailure', message: '' });
    if (error instanceof ApiError) {
      options.log.info({ requestId, operation, status, error: error.type, ms: elapsed(started) }, 'request failed');
    } else {
      options.log.error({ requestId, operation, status, err: error, ms: elapsed(started) }, 'internal error');
    }
  }
}

function send(res: ServerResponse, status: number, body: string, requestId: string, type = contentType): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  res.end(body);
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is drained, not kept, so that the error can still be answered.
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) reject(new ApiError('ValidationException', `Request body exceeds ${String(limit)} bytes`));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
