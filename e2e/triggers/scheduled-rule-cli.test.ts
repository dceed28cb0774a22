// Black box: an EventBridge rule with a ScheduleExpression, made with `aws events put-rule` (the real AWS CLI
// v2) against `stepwise serve`, fires: `rate(1 minute)` counts from the rule's creation, so about a minute
// later its target starts with AWS's Scheduled Event (source aws.events, the rule's ARN in resources). The test
// waits that minute; nothing else in it is timed.

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { ServerProcess } from '../api/server-process.ts';
import { cliOk, serveWithMachine } from './aws-cli.ts';

const roleArn = 'arn:aws:iam::123456789012:role/scheduled-rule';
const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:tick';
let server: ServerProcess;
const ok = (...args: string[]) => cliOk(server.url, ...args);
serveWithMachine('tick', roleArn, (started) => (server = started));

async function firstExecution(): Promise<string> {
  // The CLI costs a second of CPU a call here: look once a minute has nearly passed, then every 2 s.
  await sleep(55_000);
  for (let i = 0; i < 45; i++) {
    const list = await ok('stepfunctions', 'list-executions', '--state-machine-arn', machineArn);
    const found = (list.executions as { executionArn: string }[])[0];
    if (found !== undefined) return found.executionArn;
    await sleep(2000);
  }
  assert.fail('the scheduled rule did not start its target within 2.5 minutes');
}

describe('a scheduled rule through the AWS CLI', () => {
  it('rate(1 minute) starts its target with a Scheduled Event', { timeout: 240_000 }, async () => {
    const made = await ok('events', 'put-rule', '--name', 'every-minute', '--schedule-expression', 'rate(1 minute)');
    assert.equal(made.RuleArn, 'arn:aws:events:us-east-1:123456789012:rule/every-minute');
    const described = await ok('events', 'describe-rule', '--name', 'every-minute');
    assert.equal(described.ScheduleExpression, 'rate(1 minute)');
    const targets = JSON.stringify([{ Id: 'tick', Arn: machineArn, RoleArn: roleArn }]);
    assert.equal(
      (await ok('events', 'put-targets', '--rule', 'every-minute', '--targets', targets)).FailedEntryCount,
      0,
    );
    const executionArn = await firstExecution();
    const execution = await ok('stepfunctions', 'describe-execution', '--execution-arn', executionArn);
    const event = JSON.parse(String(execution.input)) as Record<string, unknown>;
    assert.equal(event.source, 'aws.events');
    assert.equal(event['detail-type'], 'Scheduled Event');
    assert.deepEqual(event.resources, [made.RuleArn]);
    assert.deepEqual(event.detail, {});
    assert.match(String(event.time), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
