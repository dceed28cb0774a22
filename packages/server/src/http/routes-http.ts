// The HTTP start routes on the API's port: a request whose path matches a route starts its state machine
// (service/routes/); a path with routes but none for the method gets 405. Under `serve --auth`, an AWS_IAM route
// takes only SigV4-signed requests (signing name `execute-api`) of a key allowed to start executions.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { StepFunctionsApi } from '../service/api.ts';
import { ApiError } from '../service/errors.ts';
import { RouteRequestError, routeInput } from '../service/routes/route-input.ts';
import { runRoute, type RouteAnswer } from '../service/routes/route-start.ts';
import type { MatchedRoute, RouteTable } from '../service/routes/route-table.ts';
import type { HttpService } from './http-service.ts';
import { refuseForeignResource, type RequestAuth } from './request-auth.ts';
import { readBody } from './server.ts';

/** Step Functions' input limit: a larger body could never start an execution. */
const maxBody = 256 * 1024;

export interface RoutesHttpOptions {
  table: RouteTable;
  api: StepFunctionsApi;
  log: Logger;
  auth?: RequestAuth | undefined;
}

function pathOf(req: IncomingMessage): string {
  // Every AWS API call is a POST to "/": asked of each, parsing its URL showed in the load profile.
  if (req.url === '/') return '/';
  return new URL(req.url ?? '/', 'http://localhost').pathname;
}

export function routesHttpService(options: RoutesHttpOptions): HttpService {
  return {
    claims: (req) => options.table.match(req.method ?? '', pathOf(req)) !== undefined,
    handle: async (req, res) => {
      const requestId = randomUUID();
      const matched = options.table.match(req.method ?? '', pathOf(req));
      try {
        if (matched === 'other-method' || matched === undefined) {
          const allow = options.table.methods(pathOf(req)).join(', ');
          send(res, message(405, `No route for ${req.method ?? ''} ${pathOf(req)}; it takes ${allow}.`), requestId, {
            allow,
          });
          return;
        }
        const answer = await answerRoute(options, req, matched, requestId);
        send(res, answer, requestId);
        options.log.info({ requestId, route: req.url, status: answer.status }, 'route');
      } catch (error) {
        send(res, message(500, 'An internal error occurred.'), requestId);
        options.log.error({ requestId, route: req.url, err: error }, 'route failed');
      }
    },
  };
}

function message(status: number, text: string): RouteAnswer {
  return { status, body: JSON.stringify({ message: text }) };
}

async function answerRoute(
  options: RoutesHttpOptions,
  req: IncomingMessage,
  matched: MatchedRoute,
  requestId: string,
): Promise<RouteAnswer> {
  const { route, parameters } = matched;
  let bytes: Buffer;
  try {
    bytes = await readBody(req, maxBody);
  } catch (error) {
    if (error instanceof ApiError) return message(413, `The request body is over ${String(maxBody)} bytes.`);
    throw error;
  }
  const refused = checkCaller(options, req, bytes, route);
  if (refused !== undefined) return refused;
  const url = new URL(req.url ?? '/', 'http://localhost');
  let input: string;
  try {
    input = routeInput(route, { parameters, query: url.searchParams, headers: req.headers, body: bytes });
  } catch (error) {
    if (error instanceof RouteRequestError) return message(error.status, error.message);
    throw error;
  }
  // Under --auth a route starts its machine in the machine's account (a console route is its maker's).
  const account = options.auth?.enabled === true ? route.stateMachineArn.split(':')[4] : undefined;
  return runRoute(options.api, { requestId, ...(account === undefined ? {} : { account }) }, route, input);
}

function checkCaller(
  options: RoutesHttpOptions,
  req: IncomingMessage,
  body: Buffer,
  route: MatchedRoute['route'],
): RouteAnswer | undefined {
  const auth = options.auth;
  if (auth?.enabled !== true || route.authorization === 'NONE') return undefined;
  try {
    const caller = auth.authenticate({
      method: req.method ?? '',
      url: req.url ?? '/',
      rawHeaders: req.rawHeaders,
      body,
    });
    const operation = route.sync ? 'StartSyncExecution' : 'StartExecution';
    auth.authorize(caller, 'states', operation, { stateMachineArn: route.stateMachineArn });
    // The route's call acts in its machine's account, not the caller's, so that account's service cannot refuse
    // a key of another account: it is refused here.
    refuseForeignResource(caller, 'states', operation, route.stateMachineArn);
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return message(403, error.message);
    throw error;
  }
}

function send(res: ServerResponse, answer: RouteAnswer, requestId: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(answer.body),
    'x-amzn-requestid': requestId,
    ...headers,
  });
  res.end(answer.body);
}
