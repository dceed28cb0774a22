// Black box: `aws scheduler …` (the real AWS CLI v2) against `stepwise serve`: a schedule is created, read,
// listed and deleted; a rate schedule whose StartDate is ten seconds away (the CLI itself takes seconds to start here) starts its state machine, and the
// execution's start is reported against the due time; errors carry AWS's exception names.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerProcess } from '../api/server-process.ts';
import { cliFails, cliOk, eventually, serveWithMachine } from './aws-cli.ts';

const roleArn = 'arn:aws:iam::123456789012:role/scheduler';
const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:nightly';
let server: ServerProcess;
const ok = (...args: string[]) => cliOk(server.url, ...args);
serveWithMachine('nightly', roleArn, (started) => (server = started));

describe('aws scheduler against stepwise serve', () => {
  it('creates, gets, lists and deletes a schedule', async () => {
    const target = JSON.stringify({ Arn: machineArn, RoleArn: roleArn, Input: '{"run":"nightly"}' });
    const created = await ok(
      'scheduler',
      'create-schedule',
      '--name',
      'at-eight',
      '--schedule-expression',
      'cron(0 8 * * ? *)',
      '--schedule-expression-timezone',
      'Europe/Paris',
      '--flexible-time-window',
      'Mode=OFF',
      '--target',
      target,
    );
    assert.equal(created.ScheduleArn, 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/at-eight');
    const got = await ok('scheduler', 'get-schedule', '--name', 'at-eight');
    assert.equal(got.ScheduleExpressionTimezone, 'Europe/Paris');
    assert.equal(got.State, 'ENABLED');
    assert.deepEqual(got.Target, JSON.parse(target));
    const listed = await ok('scheduler', 'list-schedules', '--name-prefix', 'at-');
    assert.deepEqual(
      (listed.Schedules as { Name: string }[]).map((s) => s.Name),
      ['at-eight'],
    );
    await ok('scheduler', 'delete-schedule', '--name', 'at-eight');
    await cliFails(server.url, 'ResourceNotFoundException', 'scheduler', 'get-schedule', '--name', 'at-eight');
    await cliFails(
      server.url,
      'ValidationException',
      'scheduler',
      'create-schedule',
      '--name',
      'bad',
      '--schedule-expression',
      'rate(0 minutes)',
      '--flexible-time-window',
      'Mode=OFF',
      '--target',
      target,
    );
  });

  it('a due schedule starts its execution', async () => {
    const due = new Date(Math.ceil((Date.now() + 10_000) / 1000) * 1000);
    await ok(
      'scheduler',
      'create-schedule',
      '--name',
      'every-minute',
      '--schedule-expression',
      'rate(1 minute)',
      '--start-date',
      due.toISOString(),
      '--flexible-time-window',
      'Mode=OFF',
      '--target',
      JSON.stringify({ Arn: machineArn, RoleArn: roleArn }),
    );
    const executions = await eventually(async () => {
      const list = await ok('stepfunctions', 'list-executions', '--state-machine-arn', machineArn);
      const found = list.executions as { startDate: string }[];
      return found.length > 0 ? found : undefined;
    });
    assert.equal(executions.length, 1);
    // Reported, not asserted (tests never assert wall-clock time): how long after its due time it started.
    const lateMs = new Date(String(executions[0]?.startDate)).getTime() - due.getTime();
    process.stdout.write(`# schedule fire started its execution ${String(Math.round(lateMs))} ms after the due time\n`);
  });
});
