// Black box: execution logs read back with the real AWS CLI v2 (`aws logs …`, Debian package awscli)
// from `stepwise serve`: a log group and its retention, machines logging at ALL (Standard and Express)
// and ERROR, filter-log-events with JSON patterns and time ranges, describe-log-streams, get-log-events.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { aws, cli as runCli, cliOk } from '../triggers/aws-cli.ts';
import { startServer, type ServerProcess } from './server-process.ts';

const roleArn = 'arn:aws:iam::123456789012:role/cli';
const group = '/aws/vendedlogs/states/cli';
const groupArn = `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*`;
const passFail = JSON.stringify({
  StartAt: 'P',
  States: { P: { Type: 'Pass', Next: 'F' }, F: { Type: 'Fail', Error: 'Oops', Cause: 'on purpose' } },
});
const pass = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { done: true }, End: true } } });

let server: ServerProcess;

before(async () => {
  assert.ok(existsSync(aws), `${aws} is missing: install the Debian package awscli`);
  server = await startServer();
});

after(async () => {
  assert.equal(await server.stop(), 0);
});

const cli = (...args: string[]) => runCli(server.url, args);
const ok = (...args: string[]) => cliOk(server.url, ...args);

async function ended(executionArn: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const described = await ok('stepfunctions', 'describe-execution', '--execution-arn', executionArn);
    if (described.status !== 'RUNNING') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`${executionArn} did not end`);
}

interface LogRecord {
  id: string;
  type: string;
  details: Record<string, unknown>;
  execution_arn: string;
}

async function filtered(...args: string[]): Promise<{ records: LogRecord[]; streams: string[] }> {
  const out = await ok('logs', 'filter-log-events', '--log-group-name', group, ...args);
  const events = out.events as { message: string; logStreamName: string }[];
  return {
    records: events.map((event) => JSON.parse(event.message) as LogRecord),
    streams: events.map((event) => event.logStreamName),
  };
}

describe('execution logs through the AWS CLI v2 (aws logs)', () => {
  let standardArn = '';
  let expressArn = '';

  it('creates the log group with a retention, and refuses a logging configuration without it', async () => {
    await ok('logs', 'create-log-group', '--log-group-name', group);
    await ok('logs', 'put-retention-policy', '--log-group-name', group, '--retention-in-days', '7');
    const groups = (await ok('logs', 'describe-log-groups', '--log-group-name-prefix', '/aws/vendedlogs/'))
      .logGroups as { logGroupName: string; retentionInDays: number }[];
    assert.deepEqual(
      groups.map((g) => [g.logGroupName, g.retentionInDays]),
      [[group, 7]],
    );
    const missing = `arn:aws:logs:us-east-1:123456789012:log-group:/nowhere:*`;
    const refused = await cli(
      ...['stepfunctions', 'create-state-machine', '--name', 'nowhere', '--definition', pass, '--role-arn', roleArn],
      ...[
        '--logging-configuration',
        JSON.stringify({ level: 'ALL', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: missing } }] }),
      ],
    );
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\(InvalidLoggingConfiguration\).*Log Destination not found/);
  });

  it('logs every event of a Standard execution at level ALL, with its data', async () => {
    const logging = {
      level: 'ALL',
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: groupArn } }],
    };
    const { stateMachineArn } = await ok(
      ...['stepfunctions', 'create-state-machine', '--name', 'logged', '--definition', passFail, '--role-arn', roleArn],
      ...['--logging-configuration', JSON.stringify(logging)],
    );
    const started = await ok(
      'stepfunctions',
      'start-execution',
      '--state-machine-arn',
      String(stateMachineArn),
      '--input',
      '{"n":1}',
    );
    standardArn = String(started.executionArn);
    await ended(standardArn);
    const { records, streams } = await filtered('--filter-pattern', `{ $.execution_arn = "${standardArn}" }`);
    assert.deepEqual(
      records.map((r) => [r.id, r.type]),
      [
        ['1', 'ExecutionStarted'],
        ['2', 'PassStateEntered'],
        ['3', 'PassStateExited'],
        ['4', 'FailStateEntered'],
        ['5', 'ExecutionFailed'],
      ],
    );
    assert.deepEqual(records[0]?.details, { input: '{"n":1}', inputDetails: { truncated: false }, roleArn });
    assert.deepEqual(records[4]?.details, { error: 'Oops', cause: 'on purpose' });
    for (const stream of streams) assert.match(stream, /^states\/logged\/\d{4}-\d{2}-\d{2}-\d{2}-\d{2}\/[0-9a-f]{8}$/);
  });

  it('logs an Express execution, whose only trace is its logs, without its data', async () => {
    const logging = {
      level: 'ALL',
      includeExecutionData: false,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: groupArn } }],
    };
    const { stateMachineArn } = await ok(
      ...['stepfunctions', 'create-state-machine', '--name', 'fast', '--type', 'EXPRESS', '--definition', pass],
      ...['--role-arn', roleArn, '--logging-configuration', JSON.stringify(logging)],
    );
    // start-execution: the CLI sends start-sync-execution to a `sync-` prefixed host, which 127.0.0.1 cannot take.
    const result = await ok('stepfunctions', 'start-execution', '--state-machine-arn', String(stateMachineArn));
    expressArn = String(result.executionArn);
    assert.match(expressArn, /:express:fast:/);
    // Delivery follows the execution's end (best effort, as AWS's): wait until the last record is there.
    let records: LogRecord[] = [];
    for (let i = 0; i < 20 && records.length < 4; i++) {
      ({ records } = await filtered('--filter-pattern', `{ $.execution_arn = "${expressArn}" }`));
      if (records.length < 4) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(
      records.map((r) => [r.type, r.details]),
      [
        ['ExecutionStarted', { roleArn }],
        ['PassStateEntered', { name: 'P' }],
        ['PassStateExited', { name: 'P' }],
        ['ExecutionSucceeded', {}],
      ],
    );
  });

  it('filters by term, by JSON comparison and by time range', async () => {
    const failures = await filtered('--filter-pattern', '{ $.type = "Execution*" && $.details.error = "Oops" }');
    assert.deepEqual(
      failures.records.map((r) => [r.type, r.execution_arn]),
      [['ExecutionFailed', standardArn]],
    );
    const byTerm = await filtered('--filter-pattern', '"PassStateEntered"');
    assert.equal(byTerm.records.length, 2);
    const future = String(Date.now() + 3_600_000);
    assert.equal((await filtered('--start-time', future)).records.length, 0);
    assert.equal((await filtered('--end-time', '1')).records.length, 0);
    const bad = await cli('logs', 'filter-log-events', '--log-group-name', group, '--filter-pattern', '{ $.type = }');
    assert.match(bad.stderr, /\(InvalidParameterException\)/);
  });

  it('describes the streams and reads one from its head', async () => {
    const streams = (await ok('logs', 'describe-log-streams', '--log-group-name', group)).logStreams as {
      logStreamName: string;
    }[];
    const fast = streams.find((s) => s.logStreamName.startsWith('states/fast/'));
    assert.ok(fast !== undefined, JSON.stringify(streams));
    const read = await ok(
      ...['logs', 'get-log-events', '--log-group-name', group, '--log-stream-name', fast.logStreamName],
      '--start-from-head',
    );
    const types = (read.events as { message: string }[]).map((e) => (JSON.parse(e.message) as LogRecord).type);
    assert.deepEqual(types, ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    const missing = await cli('logs', 'describe-log-streams', '--log-group-name', '/missing');
    assert.match(missing.stderr, /\(ResourceNotFoundException\).*log group does not exist/);
  });
});
