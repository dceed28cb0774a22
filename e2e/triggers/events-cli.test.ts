// Black box: `aws events …` (the real AWS CLI v2) against `stepwise serve`: a rule with a pattern and a state
// machine target with an InputTransformer, events put, the execution started with the transformed input;
// TestEventPattern, listing and errors as AWS names them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerProcess } from '../api/server-process.ts';
import { cliFails, cliOk, eventually, serveWithMachine } from './aws-cli.ts';

const roleArn = 'arn:aws:iam::123456789012:role/events';
const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:on-upload';
let server: ServerProcess;
const ok = (...args: string[]) => cliOk(server.url, ...args);
serveWithMachine('on-upload', roleArn, (started) => (server = started));

describe('aws events against stepwise serve', () => {
  it('a rule on a key suffix starts its state machine with the transformed input', async () => {
    const pattern = JSON.stringify({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { object: { key: [{ suffix: '.png' }] } },
    });
    const rule = await ok('events', 'put-rule', '--name', 'png-uploads', '--event-pattern', pattern);
    assert.equal(rule.RuleArn, 'arn:aws:events:us-east-1:123456789012:rule/png-uploads');
    const transformer = JSON.stringify({
      InputPathsMap: { bucket: '$.detail.bucket.name', key: '$.detail.object.key' },
      InputTemplate: '{"bucket": <bucket>, "key": <key>, "note": "got <key>"}',
    });
    const targets = await ok(
      'events',
      'put-targets',
      '--rule',
      'png-uploads',
      '--targets',
      JSON.stringify([
        { Id: 'wf', Arn: machineArn, RoleArn: roleArn, InputTransformer: JSON.parse(transformer) as object },
      ]),
    );
    assert.equal(targets.FailedEntryCount, 0);
    const listed = await ok('events', 'list-targets-by-rule', '--rule', 'png-uploads');
    assert.equal((listed.Targets as { Id: string }[])[0]?.Id, 'wf');

    const entry = (key: string) => ({
      Source: 'aws.s3',
      DetailType: 'Object Created',
      Detail: JSON.stringify({ bucket: { name: 'photos' }, object: { key } }),
    });
    const put = await ok('events', 'put-events', '--entries', JSON.stringify([entry('a.png'), entry('b.txt')]));
    assert.equal(put.FailedEntryCount, 0);

    const executions = await eventually(async () => {
      const list = await ok('stepfunctions', 'list-executions', '--state-machine-arn', machineArn);
      const found = list.executions as { executionArn: string }[];
      return found.length > 0 ? found : undefined;
    });
    assert.equal(executions.length, 1);
    const described = await ok(
      'stepfunctions',
      'describe-execution',
      '--execution-arn',
      executions[0]?.executionArn ?? '',
    );
    assert.deepEqual(JSON.parse(String(described.input)), { bucket: 'photos', key: 'a.png', note: 'got a.png' });
  });

  it('describes, lists, disables and tests patterns', async () => {
    await ok('events', 'put-rule', '--name', 'orders', '--event-pattern', '{"source":["shop"]}', '--state', 'DISABLED');
    const described = await ok('events', 'describe-rule', '--name', 'orders');
    assert.equal(described.State, 'DISABLED');
    const rules = await ok('events', 'list-rules', '--name-prefix', 'ord');
    assert.deepEqual(
      (rules.Rules as { Name: string }[]).map((r) => r.Name),
      ['orders'],
    );
    const event = JSON.stringify({
      id: '1',
      account: '123456789012',
      source: 'shop',
      time: '2026-12-05T10:00:00Z',
      region: 'us-east-1',
      'detail-type': 'Order',
      resources: [],
      detail: { total: 12 },
    });
    const tested = await ok(
      'events',
      'test-event-pattern',
      '--event-pattern',
      '{"detail":{"total":[{"numeric":[">",10]}]}}',
      '--event',
      event,
    );
    assert.equal(tested.Result, true);
    await ok('events', 'delete-rule', '--name', 'orders');
  });

  it('answers bad input with AWS exceptions', async () => {
    const stderr = await cliFails(
      server.url,
      'InvalidEventPatternException',
      'events',
      'put-rule',
      '--name',
      'bad',
      '--event-pattern',
      '{"source":"x"}',
    );
    assert.match(stderr, /Event pattern is not valid\. Reason: "source" must be an object or an array/);
    await cliFails(server.url, 'ResourceNotFoundException', 'events', 'describe-rule', '--name', 'missing');
    await ok('events', 'create-event-bus', '--name', 'custom');
    await cliFails(server.url, 'ResourceAlreadyExistsException', 'events', 'create-event-bus', '--name', 'custom');
  });
});
