// Black box: the real `stepwise serve` driven by @aws-sdk/client-sfn: state machines, updates, versions, aliases,
// tags, validation and AWS's errors, exactly as an application using the SDK sees them.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  ListStateMachineAliasesCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  RedriveExecutionCommand,
  SFNClient,
  TagResourceCommand,
  TestStateCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  type SFNServiceException,
} from '@aws-sdk/client-sfn';
import { startServer, type ServerProcess } from './server-process.ts';

const roleArn = 'arn:aws:iam::123456789012:role/e2e';
const definition = (result: string) =>
  JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: result, End: true } } });

let server: ServerProcess;
let sfn: SFNClient;

before(async () => {
  server = await startServer(['--region', 'eu-west-1']);
  sfn = new SFNClient({
    endpoint: server.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' },
    maxAttempts: 1,
    // StartSyncExecution's endpoint is `sync-<host>` on AWS; a local endpoint has no such host.
    disableHostPrefix: true,
  });
});

after(async () => {
  sfn.destroy();
  assert.equal(await server.stop(), 0, 'the server shuts down gracefully on SIGTERM');
});

async function fails(promise: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: SFNServiceException) => {
    assert.equal(error.name, name, error.message);
    assert.equal(error.$metadata.httpStatusCode, 400);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('the AWS SDK for JavaScript against stepwise serve', () => {
  let arn = '';

  it('creates, describes and lists a state machine', async () => {
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name: 'orders',
        definition: definition('v1'),
        roleArn,
        tags: [{ key: 'team', value: 'a' }],
      }),
    );
    arn = created.stateMachineArn ?? '';
    assert.equal(arn, 'arn:aws:states:eu-west-1:123456789012:stateMachine:orders');
    assert.ok(created.creationDate instanceof Date);
    assert.ok(Math.abs(created.creationDate.getTime() - Date.now()) < 60_000, 'dates arrive as epoch seconds');
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    assert.equal(described.definition, definition('v1'));
    assert.equal(described.status, 'ACTIVE');
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    assert.deepEqual(
      listed.stateMachines?.map((m) => m.name),
      ['orders'],
    );
  });

  it('updates, publishes versions and routes an alias', async () => {
    const v1 = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, description: 'first' }));
    assert.equal(v1.stateMachineVersionArn, `${arn}:1`);
    const updated = await sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: arn,
        definition: definition('v2'),
        publish: true,
        versionDescription: 'second',
      }),
    );
    assert.equal(updated.stateMachineVersionArn, `${arn}:2`);
    const versions = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
    assert.deepEqual(
      versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn),
      [`${arn}:2`, `${arn}:1`],
    );
    const routing = [
      { stateMachineVersionArn: `${arn}:1`, weight: 90 },
      { stateMachineVersionArn: `${arn}:2`, weight: 10 },
    ];
    const alias = await sfn.send(new CreateStateMachineAliasCommand({ name: 'live', routingConfiguration: routing }));
    assert.equal(alias.stateMachineAliasArn, `${arn}:live`);
    const described = await sfn.send(
      new DescribeStateMachineAliasCommand({ stateMachineAliasArn: alias.stateMachineAliasArn }),
    );
    assert.deepEqual(described.routingConfiguration, routing);
    const aliases = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }));
    assert.equal(aliases.stateMachineAliases?.length, 1);
    const version1 = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }));
    assert.equal(version1.definition, definition('v1'));
    assert.equal(version1.description, 'first');
  });

  it('tags and untags', async () => {
    await sfn.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'env', value: 'prod' }] }));
    await sfn.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
    const tags = await sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    assert.deepEqual(tags.tags, [{ key: 'env', value: 'prod' }]);
  });

  it('validates definitions', async () => {
    const ok = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: definition('x') }));
    assert.equal(ok.result, 'OK');
    const bad = await sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: '{"StartAt":"Missing","States":{}}' }),
    );
    assert.equal(bad.result, 'FAIL');
    assert.ok((bad.diagnostics?.length ?? 0) > 0);
  });

  it("answers with AWS's exceptions", async () => {
    await fails(
      sfn.send(new CreateStateMachineCommand({ name: 'orders', definition: definition('other'), roleArn })),
      'StateMachineAlreadyExists',
    );
    await fails(
      sfn.send(new CreateStateMachineCommand({ name: 'no spaces', definition: definition('x'), roleArn })),
      'InvalidName',
    );
    await fails(
      sfn.send(new CreateStateMachineCommand({ name: 'broken', definition: '{"StartAt":1}', roleArn })),
      'InvalidDefinition',
    );
    await fails(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}-missing` })),
      'StateMachineDoesNotExist',
    );
    await fails(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not:an:arn' })), 'InvalidArn');
    await fails(
      sfn.send(new CreateStateMachineCommand({ name: 'x'.repeat(81), definition: definition('x'), roleArn })),
      'ValidationException',
      /^1 validation error detected: Value '.*' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80$/,
    );
    await fails(sfn.send(new ListStateMachinesCommand({ nextToken: 'forged' })), 'InvalidToken');
  });

  it('starts, describes, lists, stops and reads history', async () => {
    const wait = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
    const machine = await sfn.send(new CreateStateMachineCommand({ name: 'waits', definition: wait, roleArn }));
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, name: 'run-1', input: '{"n":1}' }),
    );
    const executionArn = started.executionArn ?? '';
    assert.equal(executionArn, 'arn:aws:states:eu-west-1:123456789012:execution:waits:run-1');
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(running.status, 'RUNNING');
    await fails(
      sfn.send(
        new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, name: 'run-1', input: '{"n":2}' }),
      ),
      'ExecutionAlreadyExists',
    );
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Manual', cause: 'e2e' }));
    const stopped = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(stopped.status, 'ABORTED');
    assert.equal(stopped.error, 'Manual');
    assert.equal(stopped.cause, 'e2e');
    assert.equal(stopped.redriveStatus, 'REDRIVABLE');
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    assert.deepEqual(
      history.events?.map((e) => e.type),
      ['ExecutionStarted', 'WaitStateEntered', 'ExecutionAborted'],
    );
    assert.deepEqual(history.events[2]!.executionAbortedEventDetails, { error: 'Manual', cause: 'e2e' });
    const listed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn, statusFilter: 'ABORTED' }),
    );
    assert.deepEqual(
      listed.executions?.map((e) => e.name),
      ['run-1'],
    );
    await fails(
      sfn.send(new DescribeExecutionCommand({ executionArn: `${executionArn}-nope` })),
      'ExecutionDoesNotExist',
    );
  });

  it('redrives a stopped execution: only the branch that did not finish runs again', async () => {
    const parallel = JSON.stringify({
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          End: true,
          Branches: [
            { StartAt: 'Quick', States: { Quick: { Type: 'Pass', Result: 'done', End: true } } },
            {
              StartAt: 'Hold',
              States: {
                Hold: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Count' },
                Count: { Type: 'Pass', Parameters: { 'redrives.$': '$$.Execution.RedriveCount' }, End: true },
              },
            },
          ],
        },
      },
    });
    const machine = await sfn.send(new CreateStateMachineCommand({ name: 'redrives', definition: parallel, roleArn }));
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: '{"seconds":1}' }),
    );
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Manual' }));
    const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    assert.ok(redriven.redriveDate instanceof Date);
    await fails(sfn.send(new RedriveExecutionCommand({ executionArn })), 'ExecutionNotRedrivable');

    let described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    for (let polls = 0; described.status === 'RUNNING' && polls < 200; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    }
    assert.equal(described.status, 'SUCCEEDED');
    assert.equal(described.output, '["done",{"redrives":1}]');
    assert.equal(described.redriveCount, 1);
    assert.ok(described.redriveDate instanceof Date);
    assert.equal(described.redriveStatus, 'NOT_REDRIVABLE');
    assert.equal(described.error, undefined);

    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const redrivenAt = events.findIndex((event) => event.type === 'ExecutionRedriven');
    assert.deepEqual(events[redrivenAt]?.executionRedrivenEventDetails, { redriveCount: 1 });
    const enteredAfter = events
      .slice(redrivenAt)
      .filter((event) => event.type?.endsWith('StateEntered'))
      .map((event) => event.stateEnteredEventDetails?.name);
    assert.deepEqual(enteredAfter, ['Fan', 'Hold', 'Count']);
    const listed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn, redriveFilter: 'REDRIVEN' }),
    );
    assert.deepEqual(
      listed.executions?.map((e) => e.executionArn),
      [executionArn],
    );
  });

  it('tests a single state with TestState', async () => {
    const task = JSON.stringify({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      ResultSelector: { 'size.$': '$.Payload.size' },
      End: true,
    });
    const tested = await sfn.send(
      new TestStateCommand({
        definition: task,
        roleArn,
        input: '{}',
        inspectionLevel: 'DEBUG',
        mock: { result: '{"Payload":{"size":3}}' },
      }),
    );
    assert.equal(tested.status, 'SUCCEEDED');
    assert.equal(tested.output, '{"size":3}');
    assert.equal(tested.inspectionData?.afterResultSelector, '{"size":3}');
    await fails(sfn.send(new TestStateCommand({ definition: '{"Type":"Nope"}', roleArn })), 'InvalidDefinition');
  });

  it('runs an Express machine synchronously', async () => {
    const pass = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const machine = await sfn.send(
      new CreateStateMachineCommand({ name: 'quick', type: 'EXPRESS', definition: pass, roleArn }),
    );
    const result = await sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: '{"k":2}' }),
    );
    assert.equal(result.status, 'SUCCEEDED');
    assert.equal(result.output, '{"k":2}');
  });

  it('deletes', async () => {
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await fails(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })), 'StateMachineDoesNotExist');
  });
});
