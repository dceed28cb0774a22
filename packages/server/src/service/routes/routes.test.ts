// HTTP start routes without a server: the routes file with located problems (YAML and JSON), path matching
// (literal segments before parameters), inputs from body, path, query and headers, bad bodies, and what a
// route answers for each way an execution can start or end.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { sqliteTriggerStore } from '../../store/sqlite/sqlite-store.ts';
import { ApiError, type ApiErrorName } from '../errors.ts';
import { passDefinition, testRoleArn, testService } from '../test-support.ts';
import type { HttpRoute } from './route-definition.ts';
import { parseRoutesFile, RouteFileError } from './route-file.ts';
import { RouteRequestError, routeInput } from './route-input.ts';
import { runRoute } from './route-start.ts';
import { RouteTable } from './route-table.ts';

const scope = { region: 'us-east-1', account: '123456789012' };
const log = pino({ level: 'silent' });

function problems(text: string): string {
  try {
    parseRoutesFile(text, 'routes.yaml', scope);
  } catch (error) {
    assert.ok(error instanceof RouteFileError, String(error));
    return error.message;
  }
  assert.fail('no problem reported');
}

describe('the routes file', () => {
  it('reads YAML and JSON, a machine by name or ARN', () => {
    const yaml = `routes:
  - method: post
    path: /orders/{id}
    stateMachine: orders
    input:
      id.$: $.path.id
  - method: GET
    path: /quote
    stateMachine: arn:aws:states:us-east-1:123456789012:stateMachine:quote
    sync: true
    authorization: NONE
`;
    const routes = parseRoutesFile(yaml, 'routes.yaml', scope);
    assert.deepEqual(routes[0], {
      method: 'POST',
      path: '/orders/{id}',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders',
      sync: false,
      input: { 'id.$': '$.path.id' },
      authorization: 'AWS_IAM',
      origin: 'file',
    });
    assert.equal(routes[1]?.sync, true);
    const json = JSON.stringify({ routes: [{ method: 'PUT', path: '/a', stateMachine: 'm' }] });
    assert.equal(parseRoutesFile(json, 'routes.json', scope)[0]?.method, 'PUT');
  });

  it('names every problem with its line and column', () => {
    const text = `routes:
  - method: FETCH
    path: /orders/{id}
    stateMachine: orders
    input:
      user.$: $.path.user
      page.$: $.cookies.page
  - method: POST
    path: /console/x
    stateMachine: 'not a name'
    colour: red
  - method: POST
    path: /orders/{other}
    stateMachine: orders
  - method: POST
    path: /orders/{id}
    stateMachine: orders
`;
    const message = problems(text);
    const expected = [
      'routes.yaml:2:13: routes[0].method must be one of GET, POST, PUT, PATCH, DELETE',
      "routes.yaml:6:15: routes[0].input.user.$ names {user}, which the route's path does not have",
      'routes.yaml:7:15: routes[0].input.page.$ must start with $.body, $.path, $.query or $.headers',
      'routes.yaml:11:13: routes[1].colour is not a route member',
      "routes.yaml:9:11: routes[1].path /console is the server's own",
      'routes.yaml:10:19: routes[1].stateMachine must be a state machine name or ARN',
      'routes.yaml:16:11: routes[3].path repeats routes[2] (POST /orders/{})',
    ];
    for (const line of expected) assert.ok(message.includes(line), `${line}\nnot in\n${message}`);
    assert.match(problems('routes: [\n  {method: POST,'), /^routes\.yaml:\d+:\d+: not valid YAML or JSON/);
    assert.match(problems('{"paths": []}'), /routes\.yaml:1:1: must have "routes", a list of routes/);
  });
});

const route = (overrides: Partial<HttpRoute>): HttpRoute => ({
  method: 'POST',
  path: '/orders/{id}',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:orders',
  sync: false,
  authorization: 'NONE',
  origin: 'file',
  ...overrides,
});

describe('matching and inputs', () => {
  it('prefers literal segments, decodes parameters, and tells a path with other methods', async () => {
    const table = new RouteTable(
      [route({}), route({ path: '/orders/new' }), route({ method: 'GET', path: '/orders/{id}/items' })],
      sqliteTriggerStore(testService().store),
      log,
    );
    await table.refresh();
    assert.deepEqual(table.match('POST', '/orders/new'), { route: route({ path: '/orders/new' }), parameters: {} });
    assert.deepEqual(table.match('POST', '/orders/a%20b'), { route: route({}), parameters: { id: 'a b' } });
    assert.equal(table.match('DELETE', '/orders/7'), 'other-method');
    assert.deepEqual(table.methods('/orders/7'), ['POST']);
    assert.equal(table.match('POST', '/orders'), undefined);
    assert.equal(table.match('POST', '/orders/'), undefined);
  });

  it('takes the body, or maps body, path, query and headers', () => {
    const request = {
      parameters: { id: '7' },
      query: new URLSearchParams('page=2&page=3'),
      headers: { 'x-user': 'ada', 'content-type': 'application/json' },
      body: Buffer.from('{"items":[1,2]}'),
    };
    assert.equal(routeInput(route({}), request), '{"items":[1,2]}');
    const mapped = route({
      input: {
        'id.$': '$.path.id',
        'items.$': '$.body.items',
        'page.$': '$.query.page',
        'user.$': '$.headers.x-user',
        'missing.$': '$.query.none',
        fixed: { 'nested.$': '$.body.items[1]' },
      },
    });
    assert.deepEqual(JSON.parse(routeInput(mapped, request)), {
      id: '7',
      items: [1, 2],
      page: '2',
      user: 'ada',
      missing: null,
      fixed: { nested: 2 },
    });
    assert.equal(routeInput(route({}), { ...request, body: Buffer.alloc(0) }), '{}');
    const text = { ...request, headers: { 'content-type': 'text/plain' }, body: Buffer.from('hi') };
    assert.equal(routeInput(route({}), text), '"hi"');
    assert.throws(
      () => routeInput(route({}), { ...request, body: Buffer.from('{"items":') }),
      (error: unknown) =>
        error instanceof RouteRequestError && error.status === 400 && /not valid JSON/.test(error.message),
    );
  });
});

describe('what a route answers', () => {
  it('starts an execution (200), runs a sync one (200 output, 502 failed, 504 timed out), or says why not', async () => {
    const sfn = testService();
    const ctx = { requestId: 't', log };
    await sfn.call('CreateStateMachine', { name: 'orders', definition: passDefinition, roleArn: testRoleArn });
    const express = { name: 'quote', definition: passDefinition, roleArn: testRoleArn, type: 'EXPRESS' };
    const quote = String((await sfn.call('CreateStateMachine', express)).stateMachineArn);
    const started = await runRoute(sfn.api, ctx, route({}), '{"a":1}');
    assert.equal(started.status, 200);
    assert.match((JSON.parse(started.body) as { executionArn: string }).executionArn, /:execution:orders:/);
    const sync = route({ sync: true, stateMachineArn: quote });
    assert.deepEqual(await runRoute(sfn.api, ctx, sync, '{"q":1}'), { status: 200, body: '{"q":1}' });
    sfn.runtime.syncOutcome = { status: 'FAILED', error: 'Boom', cause: 'c', startDate: 0, stopDate: 1 };
    const failed = await runRoute(sfn.api, ctx, sync, '{}');
    assert.equal(failed.status, 502);
    assert.equal((JSON.parse(failed.body) as { error: string }).error, 'Boom');
    sfn.runtime.syncOutcome = { status: 'TIMED_OUT', startDate: 0, stopDate: 1 };
    assert.equal((await runRoute(sfn.api, ctx, sync, '{}')).status, 504);
    const standardSync = await runRoute(sfn.api, ctx, route({ sync: true }), '{}');
    assert.equal(standardSync.status, 502);
    assert.match(standardSync.body, /StateMachineTypeNotSupported/);
    const missing = await runRoute(sfn.api, ctx, route({ stateMachineArn: `${quote}-gone` }), '{}');
    assert.equal(missing.status, 502);
    assert.match(missing.body, /StateMachineDoesNotExist/);
  });

  it('answers a refused start with its status: 429 for throttling and execution limits, 400 for bad input, 403', async () => {
    const ctx = { requestId: 't', log };
    const refusing = (type: ApiErrorName) => ({
      call: () => Promise.reject(new ApiError(type, `refused: ${type}`)),
    });
    const statusFor = async (type: ApiErrorName) => (await runRoute(refusing(type), ctx, route({}), '{}')).status;
    assert.equal(await statusFor('ThrottlingException'), 429);
    assert.equal(await statusFor('ExecutionLimitExceeded'), 429);
    assert.equal(await statusFor('InvalidExecutionInput'), 400);
    assert.equal(await statusFor('AccessDeniedException'), 403);
    assert.equal(await statusFor('StateMachineDeleting'), 502);
    const body = JSON.parse((await runRoute(refusing('ThrottlingException'), ctx, route({}), '{}')).body) as object;
    assert.deepEqual(body, { message: 'refused: ThrottlingException', type: 'ThrottlingException' });
  });
});
