// The CloudWatch Logs operations over a memory store: AWS's errors, GetLogEvents' head/tail reads and
// tokens (the same token back at the end), FilterLogEvents' pages that stop mid-page, retention.

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import type { LogStore } from '../../store/log-store.ts';
import { ApiError } from '../errors.ts';
import { createLogsService, type TargetApi } from './logs-service.ts';
import { RetentionSweeper } from './retention.ts';

const day = 86_400_000;
let now = 10 * day;
let logs: LogStore;
let api: TargetApi;
const ctx = { requestId: 'test', log: pino({ level: 'silent' }) };
const call = async (operation: string, body: object) =>
  (await api.call(operation, body, ctx)) as Record<string, unknown>;

async function refused(operation: string, body: object, type: string, message: RegExp): Promise<void> {
  await assert.rejects(call(operation, body), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.type, type);
    assert.match(error.message, message);
    return true;
  });
}

beforeEach(async () => {
  now = 10 * day;
  logs = openSqliteStore({ file: ':memory:' });
  api = createLogsService({ logs, region: 'us-east-1', accountId: '123456789012', now: () => now });
  await call('CreateLogGroup', { logGroupName: 'g' });
  await call('CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
  const logEvents = [1, 2, 3, 4, 5].map((i) => ({ timestamp: i * 1000, message: `{"n":${String(i)}}` }));
  await call('PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents });
});

describe('CloudWatch Logs operations', () => {
  it("answers AWS's errors for groups and streams", async () => {
    await refused('CreateLogGroup', { logGroupName: 'g' }, 'ResourceAlreadyExistsException', /already exists/);
    await refused('CreateLogGroup', { logGroupName: 'bad name' }, 'ValidationException', /logGroupName/);
    await refused('DeleteLogGroup', { logGroupName: 'none' }, 'ResourceNotFoundException', /log group does not exist/);
    await refused(
      'CreateLogStream',
      { logGroupName: 'g', logStreamName: 's' },
      'ResourceAlreadyExistsException',
      /stream/,
    );
    await refused(
      'PutLogEvents',
      { logGroupName: 'g', logStreamName: 'x', logEvents: [{ timestamp: 1, message: 'm' }] },
      'ResourceNotFoundException',
      /log stream does not exist/,
    );
    await refused(
      'PutRetentionPolicy',
      { logGroupName: 'g', retentionInDays: 2 },
      'InvalidParameterException',
      /retentionInDays/,
    );
    await refused(
      'GetLogEvents',
      { logStreamName: 's' },
      'InvalidParameterException',
      /logGroupName and logGroupIdentifier/,
    );
    await refused(
      'GetLogEvents',
      { logGroupName: 'g', logStreamName: 's', nextToken: 'x' },
      'InvalidParameterException',
      /nextToken/,
    );
    await refused('Unknown', {}, 'UnknownOperationException', /not supported/);
  });

  it('reads a stream from its tail by default and from its head when asked, with tokens both ways', async () => {
    const tail = await call('GetLogEvents', { logGroupName: 'g', logStreamName: 's', limit: 2 });
    assert.deepEqual(messages(tail), ['{"n":4}', '{"n":5}']);
    const before = await call('GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      limit: 2,
      nextToken: tail.nextBackwardToken,
    });
    assert.deepEqual(messages(before), ['{"n":2}', '{"n":3}']);
    const head = await call('GetLogEvents', {
      logGroupIdentifier: 'arn:aws:logs:us-east-1:123456789012:log-group:g',
      logStreamName: 's',
      startFromHead: true,
      limit: 3,
    });
    assert.deepEqual(messages(head), ['{"n":1}', '{"n":2}', '{"n":3}']);
    const rest = await call('GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      nextToken: head.nextForwardToken,
    });
    assert.deepEqual(messages(rest), ['{"n":4}', '{"n":5}']);
    const end = await call('GetLogEvents', { logGroupName: 'g', logStreamName: 's', nextToken: rest.nextForwardToken });
    assert.deepEqual(messages(end), []);
    assert.equal(end.nextForwardToken, rest.nextForwardToken);
  });

  it('filters a page at a time, continuing right after the last event it returned', async () => {
    const seen: string[] = [];
    let nextToken: unknown;
    do {
      const page = await call('FilterLogEvents', {
        logGroupName: 'g',
        filterPattern: '{ $.n != 3 }',
        limit: 2,
        startTime: 2000,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      seen.push(...messages(page));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    assert.deepEqual(seen, ['{"n":2}', '{"n":4}', '{"n":5}']);
    const described = await call('DescribeLogStreams', {
      logGroupName: 'g',
      orderBy: 'LastEventTime',
      descending: true,
    });
    assert.deepEqual(described.logStreams, [
      {
        logStreamName: 's',
        creationTime: 10 * day,
        firstEventTimestamp: 1000,
        lastEventTimestamp: 5000,
        lastIngestionTime: 10 * day,
        arn: 'arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s',
        storedBytes: 35,
      },
    ]);
  });

  it('enforces a retention policy on the next sweep, and keeps everything once it is deleted', async () => {
    await call('PutRetentionPolicy', { logGroupName: 'g', retentionInDays: 1 });
    const sweeper = new RetentionSweeper({ logs, now: () => now });
    now = day + 3500;
    assert.equal(await sweeper.sweep(), 3);
    assert.deepEqual(messages(await call('FilterLogEvents', { logGroupName: 'g' })), ['{"n":4}', '{"n":5}']);
    await call('DeleteRetentionPolicy', { logGroupName: 'g' });
    now = 100 * day;
    assert.equal(await sweeper.sweep(), 0);
    const [group] = (await call('DescribeLogGroups', { logGroupNamePrefix: 'g' })).logGroups as Record<
      string,
      unknown
    >[];
    assert.equal(group?.retentionInDays, undefined);
    assert.equal(group?.arn, 'arn:aws:logs:us-east-1:123456789012:log-group:g:*');
  });
});

function messages(page: Record<string, unknown>): string[] {
  return (page.events as { message: string }[]).map((event) => event.message);
}
