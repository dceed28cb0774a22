// The HTTP Task against a real node:http server on 127.0.0.1: the request it sends (method, URL, query, headers,
// body, form encoding, credentials from each kind of connection) and AWS's output and errors.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonValue } from '@stepwise/core';
import type { ExecuteOptions, TaskOutcome } from '../executor.ts';
import { parseConnections } from './connections.ts';
import { httpInvokeResource, httpTaskHandler } from './http-task.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];

before(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const url = request.url ?? '';
      if (url.startsWith('/token')) {
        const ok = request.headers.authorization === `Basic ${Buffer.from('id:secret').toString('base64')}`;
        response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        response.end(JSON.stringify(ok ? { access_token: 'tok-1', expires_in: 3600 } : {}));
        return;
      }
      seen.push({ method: request.method ?? '', url, headers: request.headers, body });
      if (url.startsWith('/missing')) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"message":"no such thing"}');
        return;
      }
      if (url.startsWith('/text')) {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('plain words');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', 'x-served-by': 'test' });
      response.end(JSON.stringify({ ok: true, echo: url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.close();
});

const connections = parseConnections(
  JSON.stringify({
    key: {
      AuthorizationType: 'API_KEY',
      AuthParameters: {
        ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'sekrit-key' },
        InvocationHttpParameters: {
          HeaderParameters: [{ Key: 'x-tenant', Value: 'acme' }],
          QueryStringParameters: [{ Key: 'region', Value: 'eu' }],
          BodyParameters: [{ Key: 'account', Value: '42' }],
        },
      },
    },
    basic: {
      AuthorizationType: 'BASIC',
      AuthParameters: { BasicAuthParameters: { Username: 'ada', Password: 'pa55' } },
    },
    oauth: {
      AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      AuthParameters: {
        OAuthParameters: {
          AuthorizationEndpoint: 'http://placeholder/token',
          HttpMethod: 'POST',
          ClientParameters: { ClientID: 'id', ClientSecret: 'secret' },
        },
      },
    },
  }),
  'connections.json',
);

const arnOf = (name: string): string => `arn:aws:events:us-east-1:123456789012:connection/${name}/0b1c2d3e`;

async function call(parameters: Record<string, JsonValue>, options: ExecuteOptions = {}): Promise<TaskOutcome> {
  // The OAuth endpoint is only known once the server listens.
  const oauth = connections.get('oauth');
  if (oauth?.auth.type === 'OAUTH_CLIENT_CREDENTIALS') oauth.auth.endpoint = `${base}/token`;
  const handler = httpTaskHandler({ connections, connectionsSource: 'connections.json', region: 'us-east-1' });
  return handler.execute({ taskId: 't', resource: httpInvokeResource, input: parameters, stateName: 'Call' }, options);
}

function output(outcome: TaskOutcome): Record<string, JsonValue> {
  assert.ok('output' in outcome && typeof outcome.output === 'string', JSON.stringify(outcome));
  return JSON.parse(outcome.output) as Record<string, JsonValue>;
}

test('a GET sends the query parameters and returns AWS output shape, the JSON body parsed', async () => {
  const result = output(
    await call({
      ApiEndpoint: `${base}/items`,
      Method: 'GET',
      QueryParameters: { q: 'shoes', tag: ['a', 'b'] },
      Authentication: { ConnectionArn: arnOf('basic') },
    }),
  );
  assert.equal(result.StatusCode, 200);
  assert.equal(result.StatusText, 'OK');
  assert.deepEqual(result.ResponseBody, { ok: true, echo: '/items?q=shoes&tag=a&tag=b' });
  assert.deepEqual((result.Headers as Record<string, JsonValue>)['x-served-by'], ['test']);
  const request = seen.at(-1);
  assert.equal(request?.headers['user-agent'], 'Amazon|StepFunctions|HttpInvoke|us-east-1');
  assert.equal(request.headers.authorization, `Basic ${Buffer.from('ada:pa55').toString('base64')}`);
});

test("a traced execution's call carries its task span as traceparent; an untraced one sends none", async () => {
  const parameters = {
    ApiEndpoint: `${base}/traced`,
    Method: 'GET',
    Authentication: { ConnectionArn: arnOf('basic') },
  };
  const trace = { traceId: '5759e988bd862e3fe1be46a994272793', spanId: '53995c3f42cd8ad8', sampled: true };
  output(await call(parameters, { trace }));
  assert.equal(seen.at(-1)?.headers.traceparent, '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01');
  output(await call(parameters));
  assert.equal(seen.at(-1)?.headers.traceparent, undefined);
});

test('an API key connection adds its key, headers, query and body fields; none of them reach the output', async () => {
  const outcome = await call({
    ApiEndpoint: `${base}/orders`,
    Method: 'POST',
    Headers: { 'x-request': 'r1' },
    RequestBody: { item: 'book' },
    Authentication: { ConnectionArn: arnOf('key') },
  });
  const request = seen.at(-1);
  assert.equal(request?.method, 'POST');
  assert.equal(request.url, '/orders?region=eu');
  assert.equal(request.headers['x-api-key'], 'sekrit-key');
  assert.equal(request.headers['x-tenant'], 'acme');
  assert.equal(request.headers['x-request'], 'r1');
  assert.match(String(request.headers['content-type']), /^application\/json/);
  assert.deepEqual(JSON.parse(request.body), { item: 'book', account: '42' });
  assert.doesNotMatch(JSON.stringify(outcome), /sekrit/);
});

test('OAuth client credentials fetch a token and send it as a bearer token', async () => {
  output(await call({ ApiEndpoint: `${base}/me`, Method: 'GET', Authentication: { ConnectionArn: arnOf('oauth') } }));
  assert.equal(seen.at(-1)?.headers.authorization, 'Bearer tok-1');
});

const encodings: { format: string; body: string }[] = [
  { format: 'INDICES', body: 'name=Ada&tags%5B0%5D=x&tags%5B1%5D=y&meta%5Bcity%5D=London' },
  { format: 'BRACKETS', body: 'name=Ada&tags%5B%5D=x&tags%5B%5D=y&meta%5Bcity%5D=London' },
  { format: 'REPEAT', body: 'name=Ada&tags=x&tags=y&meta%5Bcity%5D=London' },
  { format: 'COMMAS', body: 'name=Ada&tags=x%2Cy&meta%5Bcity%5D=London' },
];

for (const { format, body } of encodings) {
  test(`URL_ENCODED with ArrayFormat ${format} sends a form`, async () => {
    output(
      await call({
        ApiEndpoint: `${base}/form`,
        Method: 'POST',
        RequestBody: { name: 'Ada', tags: ['x', 'y'], meta: { city: 'London' } },
        Transform: { RequestBodyEncoding: 'URL_ENCODED', RequestEncodingOptions: { ArrayFormat: format } },
        Authentication: { ConnectionArn: arnOf('basic') },
      }),
    );
    assert.equal(seen.at(-1)?.body, body);
    assert.equal(seen.at(-1)?.headers['content-type'], 'application/x-www-form-urlencoded');
  });
}

test('a body that is not JSON stays text', async () => {
  const result = output(
    await call({ ApiEndpoint: `${base}/text`, Method: 'GET', Authentication: { ConnectionArn: arnOf('basic') } }),
  );
  assert.equal(result.ResponseBody, 'plain words');
});

test('a non-2xx answer fails with States.Http.StatusCode.NNN and the response as cause', async () => {
  const outcome = await call({
    ApiEndpoint: `${base}/missing`,
    Method: 'GET',
    Authentication: { ConnectionArn: arnOf('basic') },
  });
  assert.ok('error' in outcome);
  assert.equal(outcome.error, 'States.Http.StatusCode.404');
  const cause = JSON.parse(outcome.cause ?? '') as Record<string, JsonValue>;
  assert.equal(cause.StatusCode, 404);
  assert.equal(cause.StatusText, 'Not Found');
  assert.deepEqual(cause.ResponseBody, { message: 'no such thing' });
});

test('no server at the endpoint fails with States.Http.Socket', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const outcome = await call({
    ApiEndpoint: `http://127.0.0.1:${port}/`,
    Method: 'GET',
    Authentication: { ConnectionArn: arnOf('basic') },
  });
  assert.ok('error' in outcome);
  assert.equal(outcome.error, 'States.Http.Socket');
});

const refusals: { name: string; parameters: Record<string, JsonValue>; error: string; cause: RegExp }[] = [
  {
    name: 'an unknown connection',
    parameters: { ApiEndpoint: 'http://127.0.0.1:1/', Method: 'GET', Authentication: { ConnectionArn: arnOf('x') } },
    error: 'Events.ConnectionResource.ResourceNotFound',
    cause: /no connection of that name in connections\.json/,
  },
  {
    name: 'a forbidden header',
    parameters: {
      ApiEndpoint: 'http://127.0.0.1:1/',
      Method: 'GET',
      Headers: { Host: 'elsewhere' },
      Authentication: { ConnectionArn: arnOf('basic') },
    },
    error: 'States.TaskFailed',
    cause: /header 'Host' is not allowed/,
  },
  {
    name: 'a method HTTP Tasks do not take',
    parameters: { ApiEndpoint: 'http://127.0.0.1:1/', Method: 'TRACE', Authentication: { ConnectionArn: arnOf('b') } },
    error: 'States.Runtime',
    cause: /'Method' must be one of GET, POST/,
  },
  {
    name: 'no ApiEndpoint',
    parameters: { Method: 'GET', Authentication: { ConnectionArn: arnOf('basic') } },
    error: 'States.Runtime',
    cause: /'ApiEndpoint' is required/,
  },
];

for (const { name, parameters, error, cause } of refusals) {
  test(`${name} fails the task before any request`, async () => {
    const before = seen.length;
    const outcome = await call(parameters);
    assert.ok('error' in outcome, JSON.stringify(outcome));
    assert.equal(outcome.error, error);
    assert.match(outcome.cause ?? '', cause);
    assert.equal(seen.length, before);
  });
}

test('a connections file with a bad AuthorizationType is refused naming the place', () => {
  assert.throws(
    () => parseConnections('{"c":{"AuthorizationType":"TOKEN"}}', 'conn.json'),
    /conn\.json: \/c\/AuthorizationType must be API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS/,
  );
});
