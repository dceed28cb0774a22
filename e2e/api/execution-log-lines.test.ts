// Black box: `stepwise serve --execution-log-file PATH` appends every execution log record as a JSON line
// for a log collector, the same records the AWS CLI reads back from the log group (`aws logs
// filter-log-events`); a path that cannot be written stops the server at once, naming the option.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { aws, cliOk } from '../triggers/aws-cli.ts';
import { startServer, type ServerProcess } from './server-process.ts';

const group = '/aws/vendedlogs/states/copied';
const groupArn = `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*`;
const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { done: true }, End: true } } });
const logging = JSON.stringify({
  level: 'ALL',
  includeExecutionData: true,
  destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: groupArn } }],
});
const binary = fileURLToPath(new URL('../../packages/server/bin/stepwise.js', import.meta.url));

interface Line {
  logGroup: string;
  logStream: string;
  timestamp: number;
  message: { id: string; type: string; execution_arn: string };
}

describe('serve --execution-log-file', () => {
  let server: ServerProcess;
  let dir: string;
  let file: string;

  before(async () => {
    assert.ok(existsSync(aws), `${aws} is missing: install the Debian package awscli`);
    dir = mkdtempSync(join(tmpdir(), 'stepwise-log-lines-'));
    file = join(dir, 'executions.jsonl');
    server = await startServer(['--execution-log-file', file]);
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  const ok = (...args: string[]) => cliOk(server.url, ...args);

  it('writes the records of the log group as JSON lines, message for message', async () => {
    await ok('logs', 'create-log-group', '--log-group-name', group);
    const machine = await ok(
      'stepfunctions',
      'create-state-machine',
      ...['--name', 'copied', '--role-arn', 'arn:aws:iam::123456789012:role/cli'],
      ...['--definition', definition, '--logging-configuration', logging],
    );
    const started = await ok(
      'stepfunctions',
      'start-execution',
      '--state-machine-arn',
      String(machine.stateMachineArn),
    );
    const executionArn = String(started.executionArn);
    let events: { message: string; logStreamName: string; timestamp: number }[] = [];
    for (let i = 0; i < 200 && events.length < 4; i++) {
      const out = await ok('logs', 'filter-log-events', '--log-group-name', group);
      events = out.events as typeof events;
      if (events.length < 4) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(events.length, 4, 'ExecutionStarted, PassStateEntered, PassStateExited, ExecutionSucceeded');
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Line);
    assert.deepEqual(
      lines.map((line) => [line.logGroup, line.logStream, line.timestamp, JSON.stringify(line.message)]),
      events.map((event) => [group, event.logStreamName, event.timestamp, event.message]),
    );
    assert.deepEqual(
      lines.map((line) => line.message.type),
      ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded'],
    );
    for (const line of lines) assert.equal(line.message.execution_arn, executionArn);
  });
});

it('a copy file that cannot be written stops serve before it listens, naming the option', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-log-lines-'));
  try {
    const result = spawnSync(
      process.execPath,
      [binary, 'serve', '--port', '0', '--data', dir, '--execution-log-file', join(dir, 'missing', 'x.jsonl')],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /--execution-log-file .*missing.* cannot be written/);
    assert.doesNotMatch(result.stdout, /listening/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
