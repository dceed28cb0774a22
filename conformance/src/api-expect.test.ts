// The `api_calls` judge: members compared as a subset, JSON text parsed, `<absent>`, `<epoch-millis>` and `<uuid>`, saved values, Load steps.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runApiCalls, substitute, type ApiCall, type ApiDriver } from './api-calls.ts';
import { evaluateApiCalls, subset } from './api-expect.ts';

it('compares only the members the case gives, JSON text by its parsed value', () => {
  assert.equal(subset({ status: 'SUCCEEDED' }, { status: 'SUCCEEDED', name: 'x' }), undefined);
  assert.equal(subset({ output: { a: null } }, { output: '{"a":null,"b":2}' }), undefined);
  assert.deepEqual(subset({ output: { a: null } }, { output: '{"b":2}' }), {
    pointer: '/output/a',
    expected: null,
    actual: undefined,
  });
  assert.equal(
    subset({ events: [{ type: 'A' }] }, { events: [{ type: 'A' }, { type: 'B' }] })?.pointer,
    '/events/length',
  );
});

it('checks that an <absent> member is missing and an <epoch-millis> date is a number of milliseconds', () => {
  assert.equal(subset({ cause: '<absent>' }, { error: 'E' }), undefined);
  assert.equal(subset({ cause: '<absent>' }, { cause: '' })?.pointer, '/cause');
  assert.equal(subset({ StartDate: '<epoch-millis>' }, { StartDate: 1796521719123 }), undefined);
  assert.equal(subset({ StartDate: '<epoch-millis>' }, { StartDate: 1796521719.123 })?.pointer, '/StartDate');
  assert.equal(
    subset({ StartDate: '<epoch-millis>' }, { StartDate: '2026-12-06T01:48:39.123Z' })?.pointer,
    '/StartDate',
  );
});

it('hands saved values to later requests and expectations, and fails a step on the wrong error', async () => {
  const calls: ApiCall[] = [
    { call: 'CreateActivity', request: { name: 'a' }, save: { arn: 'activityArn' } },
    { call: 'DescribeActivity', request: { activityArn: '${arn}' }, expect: { name: 'a', activityArn: '${arn}' } },
    { call: 'DeleteActivity', request: { activityArn: 'arn:${arn}' }, expect_error: { code: 'InvalidArn' } },
  ];
  const sent: Record<string, unknown>[] = [];
  const driver: ApiDriver = {
    call: (operation, request) => {
      sent.push(request);
      if (operation === 'CreateActivity') return Promise.resolve({ response: { activityArn: 'A1' } });
      if (operation === 'DescribeActivity') return Promise.resolve({ response: { name: 'a', activityArn: 'A1' } });
      return Promise.resolve({ error: { code: 'ActivityDoesNotExist', message: 'no' } });
    },
    advance: () => Promise.resolve(),
    http: () => Promise.reject(new Error('no HTTP steps here')),
    spans: () => Promise.reject(new Error('no Spans steps here')),
  };
  const result = await runApiCalls(calls, driver);
  assert.deepEqual(sent.slice(1), [{ activityArn: 'A1' }, { activityArn: 'arn:A1' }]);
  const mismatch = evaluateApiCalls(calls, result);
  assert.equal(mismatch?.part, 'api_calls/2 DeleteActivity');
  assert.deepEqual(mismatch.difference, {
    pointer: '/error/code',
    expected: 'InvalidArn',
    actual: 'ActivityDoesNotExist',
  });
  assert.throws(() => substitute('${missing}', {}), /\$\{missing\} was not saved/);
});

it('checks that a <uuid> member is a UUID, whatever its value', () => {
  assert.equal(subset({ requestId: '<uuid>' }, { requestId: 'e49abf29-4563-4df2-bc34-6a54cfbd8059' }), undefined);
  assert.equal(subset({ requestId: '<uuid>' }, { requestId: 'conformance' })?.pointer, '/requestId');
});

it('answers a Load step with the lines the driver reports, and refuses one without templates', async () => {
  const step: ApiCall = { call: 'Load', request: { template: 't.yaml', from: 'u.yaml' }, expect: { lines: ['x'] } };
  const loaded: unknown[] = [];
  const driver: ApiDriver = {
    call: () => Promise.reject(new Error('no calls')),
    advance: () => Promise.resolve(),
    http: () => Promise.reject(new Error('no HTTP steps')),
    spans: () => Promise.resolve([]),
    load: (template, from) => {
      loaded.push([template, from]);
      return Promise.resolve(['x']);
    },
  };
  const result = await runApiCalls([step], driver);
  assert.deepEqual(loaded, [['t.yaml', 'u.yaml']]);
  assert.equal(evaluateApiCalls([step], result), undefined);
  await assert.rejects(runApiCalls([step], { ...driver, load: undefined }), /a Load step needs server.templates/);
});
