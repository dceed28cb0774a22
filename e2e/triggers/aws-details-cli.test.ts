// Black box: the details of AWS's EventBridge, Scheduler and Pipes APIs a demanding user hits, through the real
// AWS CLI v2 against `stepwise serve`: PutEvents' entry limits and per-entry errors, TestEventPattern with each
// operator, page sizes and paging, AWS's `0/15` cron steps, and the exception names for unknown names.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerProcess } from '../api/server-process.ts';
import { cliFails, cliOk, serveWithMachine } from './aws-cli.ts';

const roleArn = 'arn:aws:iam::123456789012:role/details';
const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:details';
let server: ServerProcess;
const ok = (...args: string[]) => cliOk(server.url, ...args);
const fails = (exception: string, ...args: string[]) => cliFails(server.url, exception, ...args);
serveWithMachine('details', roleArn, (started) => (server = started));

const entry = { Source: 'shop', DetailType: 'Order', Detail: '{"total":12}' };

describe('AWS details through the AWS CLI', () => {
  it('PutEvents: at most 10 entries; a bad entry fails alone with its ErrorCode', async () => {
    const eleven = JSON.stringify(Array.from({ length: 11 }, () => entry));
    const stderr = await fails('ValidationException', 'events', 'put-events', '--entries', eleven);
    assert.match(stderr, /Member must have length less than or equal to 10/);
    const mixed = [entry, { ...entry, Detail: '[1]' }, { Source: 'shop', DetailType: 'Order' }, entry];
    const put = await ok('events', 'put-events', '--entries', JSON.stringify(mixed));
    assert.equal(put.FailedEntryCount, 2);
    const answers = put.Entries as Record<string, string>[];
    assert.equal(answers.length, 4);
    assert.match(String(answers[0]?.EventId), /^[0-9a-f-]{36}$/);
    assert.deepEqual(answers[1], { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    assert.equal(answers[2]?.ErrorCode, 'InvalidArgument');
    assert.match(String(answers[2].ErrorMessage), /Detail is a required argument/);
    assert.match(String(answers[3]?.EventId), /^[0-9a-f-]{36}$/);
  });

  it('TestEventPattern answers each operator, matching and not', async () => {
    const event = JSON.stringify({
      id: '1',
      account: '123456789012',
      source: 'shop',
      time: '2026-12-06T10:00:00Z',
      region: 'us-east-1',
      'detail-type': 'Order',
      resources: [],
      detail: { key: 'photos/cat.png', total: 12, ip: '10.0.1.7', state: 'Paid', note: 'big order' },
    });
    const cases: [object, boolean][] = [
      [{ detail: { key: [{ prefix: 'photos/' }] } }, true],
      [{ detail: { key: [{ suffix: '.jpg' }] } }, false],
      [{ detail: { state: [{ 'anything-but': ['Paid', 'Refunded'] }] } }, false],
      [{ detail: { total: [{ numeric: ['>', 10, '<=', 12] }] } }, true],
      [{ detail: { missing: [{ exists: false }], total: [{ exists: true }] } }, true],
      [{ detail: { state: [{ 'equals-ignore-case': 'PAID' }] } }, true],
      [{ detail: { note: [{ wildcard: 'big*r' }] } }, true],
      [{ detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, false],
      [{ $or: [{ detail: { total: [1] } }, { detail: { state: ['Paid'] } }] }, true],
    ];
    for (const [pattern, expected] of cases) {
      const args = ['--event-pattern', JSON.stringify(pattern), '--event', event];
      const tested = await ok('events', 'test-event-pattern', ...args);
      assert.equal(tested.Result, expected, JSON.stringify(pattern));
    }
  });

  it('ListRules and ListSchedules page 1 to 100 at a time, as AWS does', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) {
      await ok('events', 'put-rule', '--name', name, '--event-pattern', '{"source":["shop"]}');
    }
    const first = await ok('events', 'list-rules', '--name-prefix', 'page-', '--limit', '2', '--no-paginate');
    assert.deepEqual(
      (first.Rules as { Name: string }[]).map((r) => r.Name),
      ['page-a', 'page-b'],
    );
    const next = ['--next-token', String(first.NextToken), '--no-paginate'];
    const second = await ok('events', 'list-rules', '--name-prefix', 'page-', '--limit', '2', ...next);
    assert.deepEqual(
      (second.Rules as { Name: string }[]).map((r) => r.Name),
      ['page-c'],
    );
    assert.equal(second.NextToken, undefined);
    const tooMany = await fails('ValidationException', 'events', 'list-rules', '--limit', '101', '--no-paginate');
    assert.match(tooMany, /Member must have value less than or equal to 100/);
    const target = JSON.stringify({ Arn: machineArn, RoleArn: roleArn });
    // AWS's own example of a cron step: every 15 minutes from 0.
    for (const name of ['every-a', 'every-b', 'every-c']) {
      await ok(
        'scheduler',
        'create-schedule',
        ...['--name', name, '--schedule-expression', 'cron(0/15 * * * ? *)', '--state', 'DISABLED'],
        ...['--flexible-time-window', 'Mode=OFF', '--target', target],
      );
    }
    const paged = await ok('scheduler', 'list-schedules', '--name-prefix', 'every-', '--page-size', '2');
    assert.deepEqual(
      (paged.Schedules as { Name: string }[]).map((s) => s.Name),
      ['every-a', 'every-b', 'every-c'],
    );
    await fails('ValidationException', 'scheduler', 'list-schedules', '--max-results', '101', '--no-paginate');
    const badState = await fails('ValidationException', 'scheduler', 'list-schedules', '--state', 'PAUSED');
    assert.match(badState, /ENABLED or DISABLED/);
    const enabled = await ok('scheduler', 'list-schedules', '--name-prefix', 'every-', '--state', 'ENABLED');
    assert.deepEqual(enabled.Schedules, []);
    const disabled = await ok('scheduler', 'list-schedules', '--name-prefix', 'every-', '--state', 'DISABLED');
    assert.equal((disabled.Schedules as unknown[]).length, 3);
  });

  it('unknown rules, schedules and pipes get AWS exception names; DeleteRule of none succeeds', async () => {
    await fails('ResourceNotFoundException', 'events', 'enable-rule', '--name', 'nope');
    await fails('ResourceNotFoundException', 'events', 'list-targets-by-rule', '--rule', 'nope');
    await ok('events', 'delete-rule', '--name', 'nope');
    await fails('ResourceNotFoundException', 'scheduler', 'get-schedule', '--name', 'nope');
    await fails('ResourceNotFoundException', 'scheduler', 'delete-schedule', '--name', 'nope');
    await fails('NotFoundException', 'pipes', 'describe-pipe', '--name', 'nope');
    await fails('NotFoundException', 'pipes', 'stop-pipe', '--name', 'nope');
  });
});
