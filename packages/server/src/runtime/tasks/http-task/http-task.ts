// The HTTP Task (`arn:aws:states:::http:invoke`): ApiEndpoint, Method, Headers, QueryParameters, RequestBody and
// Transform become one HTTP request, authenticated with the server-side connection that
// `Authentication.ConnectionArn` names. The response is AWS's shape (Headers, ResponseBody, StatusCode,
// StatusText); a non-2xx answer fails with `States.Http.StatusCode.NNN`, no answer within 60 s (or no
// connection at all) with `States.Http.Socket`.

import { isIntegration, parseResource, type JsonValue, type TaskInvocation, type TaskResult } from '@stepwise/core';
import type { ExecuteOptions, TaskHandler } from '../executor.ts';
import { traceparent } from '../../tracing/trace-context.ts';
import { findConnection, type Connection, type Connections } from './connections.ts';
import { fetchChecked, type EgressPolicy } from './egress.ts';
import { arrayFormats, formEncode, type ArrayFormat } from './form-encoding.ts';
import { OAuthTokens } from './oauth.ts';

export const httpInvokeResource = 'arn:aws:states:::http:invoke';

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];
/** AWS answers in at most 60 seconds, whatever the state's TimeoutSeconds. */
const socketTimeoutMillis = 60_000;

/** Headers AWS does not let a definition set (its own, hop-by-hop and caching ones). */
const forbiddenHeaders = new Set([
  'a-im',
  'accept-charset',
  'accept-datetime',
  'accept-encoding',
  'authorization',
  'cache-control',
  'connection',
  'content-encoding',
  'content-length',
  'content-md5',
  'date',
  'expect',
  'forwarded',
  'from',
  'host',
  'http2-settings',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'max-forwards',
  'origin',
  'pragma',
  'proxy-authorization',
  'range',
  'referer',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'via',
  'warning',
]);
const forbiddenPrefixes = ['x-forwarded-', 'x-amz-', 'x-amzn-'];

export interface HttpTaskOptions {
  /** The connections from `stepwise serve --connections FILE` (none: every HTTP Task fails saying so). */
  connections?: Connections;
  /** Where the connections come from, for error messages. */
  connectionsSource?: string;
  region: string;
  /** The HTTP client; global fetch unless a test supplies one. */
  fetch?: typeof fetch;
  /** Where tasks may connect (serve --http-allow); anywhere when absent. */
  egress?: EgressPolicy;
}

class HttpTaskFailure extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
  }
}

export function httpTaskHandler(options: HttpTaskOptions): TaskHandler {
  const doFetch = options.fetch ?? fetch;
  const tokens = new OAuthTokens(doFetch);
  return {
    handles: (resource) => {
      const parsed = parseResource(resource);
      return isIntegration(parsed, 'http', 'invoke') && parsed.suffix === '';
    },
    execute: async (invocation, executeOptions) => {
      try {
        const request = buildRequest(invocation, options);
        // A traced execution's call carries its task span, so the endpoint's own spans join the trace.
        if (executeOptions.trace !== undefined) request.headers.set('traceparent', traceparent(executeOptions.trace));
        const connection = await connectionFor(invocation.input, options);
        await authenticate(request, connection, tokens, executeOptions);
        return await send(request, doFetch, executeOptions, options.egress);
      } catch (error) {
        if (error instanceof HttpTaskFailure) return { error: error.error, cause: error.cause };
        throw error;
      }
    },
  };
}

interface HttpRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: JsonValue | undefined;
  form: ArrayFormat | undefined;
  /** Names of the headers the connection added: never sent to another origin on a redirect. */
  credentials: Set<string>;
}

function buildRequest(invocation: TaskInvocation, options: HttpTaskOptions): HttpRequest {
  const parameters = objectOf(invocation.input, 'Parameters');
  const endpoint = parameters.ApiEndpoint;
  if (typeof endpoint !== 'string') throw runtime("The field 'ApiEndpoint' is required and must be a string");
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw runtime(`ApiEndpoint '${endpoint}' is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw runtime(`ApiEndpoint '${endpoint}' is not HTTP(S)`);
  const method = parameters.Method;
  if (typeof method !== 'string' || !methods.includes(method)) {
    throw runtime(`The field 'Method' must be one of ${methods.join(', ')}`);
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(objectOf(parameters.Headers ?? {}, 'Headers'))) {
    const lower = name.toLowerCase();
    if (forbiddenHeaders.has(lower) || forbiddenPrefixes.some((prefix) => lower.startsWith(prefix))) {
      throw failed(`The header '${name}' is not allowed in an HTTP Task`);
    }
    headers.set(name, textOf(value));
  }
  headers.set('User-Agent', `Amazon|StepFunctions|HttpInvoke|${options.region}`);
  for (const [name, value] of Object.entries(objectOf(parameters.QueryParameters ?? {}, 'QueryParameters'))) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, textOf(item));
  }
  const form = formEncoding(parameters.Transform);
  return { url, method, headers, body: parameters.RequestBody, form, credentials: new Set() };
}

function formEncoding(transform: JsonValue | undefined): ArrayFormat | undefined {
  if (transform === undefined) return undefined;
  const fields = objectOf(transform, 'Transform');
  const encoding = fields.RequestBodyEncoding ?? 'NONE';
  if (encoding !== 'NONE' && encoding !== 'URL_ENCODED') {
    throw runtime("Transform.RequestBodyEncoding must be 'NONE' or 'URL_ENCODED'");
  }
  if (encoding === 'NONE') return undefined;
  const format = objectOf(fields.RequestEncodingOptions ?? {}, 'RequestEncodingOptions').ArrayFormat ?? 'INDICES';
  if (typeof format !== 'string' || !(arrayFormats as readonly string[]).includes(format)) {
    throw runtime(`Transform.RequestEncodingOptions.ArrayFormat must be one of ${arrayFormats.join(', ')}`);
  }
  return format as ArrayFormat;
}

async function connectionFor(input: JsonValue, options: HttpTaskOptions): Promise<Connection> {
  const parameters = objectOf(input, 'Parameters');
  const arn = objectOf(parameters.Authentication ?? {}, 'Authentication').ConnectionArn;
  if (typeof arn !== 'string') throw runtime("The field 'Authentication.ConnectionArn' is required");
  const connection = options.connections === undefined ? undefined : findConnection(options.connections, arn);
  if (connection !== undefined) return Promise.resolve(connection);
  const where =
    options.connections === undefined
      ? 'no connections are configured: start the server with --connections FILE'
      : `no connection of that name in ${options.connectionsSource ?? 'the connections file'}`;
  throw new HttpTaskFailure(
    'Events.ConnectionResource.ResourceNotFound',
    `Connection ${arn} not found (${where}; a connection is keyed by the NAME in arn:aws:events:REGION:ACCOUNT:connection/NAME/ID)`,
  );
}

/** Adds the connection's credentials and invocation parameters; the connection's values win over the task's. */
async function authenticate(
  request: HttpRequest,
  connection: Connection,
  tokens: OAuthTokens,
  options: ExecuteOptions,
): Promise<void> {
  const { auth, invocation } = connection;
  if (auth.type === 'API_KEY') request.headers.set(auth.name, auth.value);
  if (auth.type === 'API_KEY') request.credentials.add(auth.name.toLowerCase());
  if (auth.type === 'BASIC') {
    const encoded = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
    request.headers.set('Authorization', `Basic ${encoded}`);
  }
  if (auth.type === 'OAUTH_CLIENT_CREDENTIALS') {
    try {
      request.headers.set('Authorization', `Bearer ${await tokens.token(connection.name, auth, options.signal)}`);
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new HttpTaskFailure('Events.ConnectionResource.AuthInvalid', `OAuth token request failed: ${reason}`);
    }
  }
  for (const { Key, Value } of invocation.HeaderParameters) {
    request.headers.set(Key, Value);
    request.credentials.add(Key.toLowerCase());
  }
  for (const { Key, Value } of invocation.QueryStringParameters) request.url.searchParams.set(Key, Value);
  if (invocation.BodyParameters.length > 0) {
    const body = request.body;
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      throw failed('The connection adds body parameters, so RequestBody must be a JSON object');
    }
    request.body = { ...(body ?? {}), ...Object.fromEntries(invocation.BodyParameters.map((p) => [p.Key, p.Value])) };
  }
}

async function send(
  request: HttpRequest,
  doFetch: typeof fetch,
  options: ExecuteOptions,
  egress: EgressPolicy | undefined,
): Promise<TaskResult> {
  const { body, contentType } = encodeBody(request);
  if (contentType !== undefined && !request.headers.has('Content-Type'))
    request.headers.set('Content-Type', contentType);
  const timeout = AbortSignal.timeout(socketTimeoutMillis);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  let answer: Response | string;
  let text = '';
  try {
    const init = { method: request.method, headers: request.headers, body, signal };
    answer = await fetchChecked({ url: request.url, init }, request.credentials, egress, doFetch);
    if (typeof answer !== 'string') text = await answer.text();
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    const reason = timeout.aborted ? 'the request timed out after 60 seconds' : socketReason(error);
    throw new HttpTaskFailure('States.Http.Socket', `Unable to reach ${request.url.origin}: ${reason}`);
  }
  if (typeof answer === 'string') throw runtime(`refused to connect: ${answer}`);
  const response = answer;
  const output = responseOutput(response, text);
  if (response.status >= 200 && response.status < 300) return { output: JSON.stringify(output) };
  return { error: `States.Http.StatusCode.${response.status}`, cause: JSON.stringify(output) };
}

function encodeBody(request: HttpRequest): { body?: string; contentType?: string } {
  const value = request.body;
  if (value === undefined || request.method === 'GET' || request.method === 'HEAD') return {};
  if (request.form !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return { body: formEncode(value, request.form), contentType: 'application/x-www-form-urlencoded' };
  }
  if (typeof value === 'string') return { body: value, contentType: 'application/json; charset=UTF-8' };
  return { body: JSON.stringify(value), contentType: 'application/json; charset=UTF-8' };
}

/** AWS's output: headers as lists of values, the body parsed when it is JSON, the status and its text. */
function responseOutput(response: Response, text: string): JsonValue {
  const headers: Record<string, string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name === 'set-cookie' ? response.headers.getSetCookie() : [value];
  });
  let body: JsonValue = text;
  if (/\bjson\b/i.test(response.headers.get('content-type') ?? '') && text.trim() !== '') {
    try {
      body = JSON.parse(text) as JsonValue;
    } catch {
      body = text;
    }
  }
  return { Headers: headers, ResponseBody: body, StatusCode: response.status, StatusText: response.statusText };
}

function socketReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

function objectOf(value: JsonValue | undefined, field: string): Record<string, JsonValue> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
  throw runtime(`The field '${field}' must be a JSON object`);
}

function textOf(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function runtime(message: string): HttpTaskFailure {
  return new HttpTaskFailure('States.Runtime', `An error occurred while executing the HTTP Task: ${message}`);
}

function failed(message: string): HttpTaskFailure {
  return new HttpTaskFailure('States.TaskFailed', message);
}
