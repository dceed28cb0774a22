// Black box through the AWS SDK: API details as AWS answers them. Publishing an unchanged machine returns its
// newest version; a version ARN cannot be updated or tagged; DescribeStateMachine has an encryptionConfiguration
// and no revisionId before the first update; a redrive agrees with redriveStatus; a labelled ARN cannot be deleted.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  TagResourceCommand,
  UpdateStateMachineCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { serveForTests } from './shared-server.ts';
import { createMachine, ended, fails, history, roleArn } from './sfn-client.ts';

let sfn: SFNClient;
serveForTests((started) => ({ sfn } = started));

const pass = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

it('returns the newest version when UpdateStateMachine publishes an unchanged machine', async () => {
  const created = await sfn.send(
    new CreateStateMachineCommand({ name: 'published', roleArn, definition: pass, publish: true }),
  );
  assert.match(created.stateMachineVersionArn ?? '', /:published:1$/);
  const again = await sfn.send(
    new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: pass, publish: true }),
  );
  assert.equal(again.stateMachineVersionArn, created.stateMachineVersionArn);
  const changed = JSON.stringify({ StartAt: 'Q', States: { Q: { Type: 'Pass', End: true } } });
  const next = await sfn.send(
    new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: changed, publish: true }),
  );
  assert.match(next.stateMachineVersionArn ?? '', /:published:2$/);
});

it('answers UpdateStateMachine on a version ARN with StateMachineDoesNotExist, TagResource with ResourceNotFound', async () => {
  const created = await sfn.send(
    new CreateStateMachineCommand({ name: 'versioned', roleArn, definition: pass, publish: true }),
  );
  const version = created.stateMachineVersionArn ?? '';
  await fails(
    sfn.send(new UpdateStateMachineCommand({ stateMachineArn: version, definition: pass })),
    'StateMachineDoesNotExist',
  );
  await fails(
    sfn.send(new TagResourceCommand({ resourceArn: version, tags: [{ key: 'k', value: 'v' }] })),
    'ResourceNotFound',
  );
});

it('describes a machine with its encryptionConfiguration, and a revisionId only once it was updated', async () => {
  const arn = await createMachine(sfn, 'described', JSON.parse(pass) as object);
  const fresh = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  assert.deepEqual(fresh.encryptionConfiguration, { type: 'AWS_OWNED_KEY' });
  assert.equal(fresh.revisionId, undefined);
  await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, roleArn: `${roleArn}-2` }));
  const updated = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  assert.match(updated.revisionId ?? '', /^[0-9a-f-]{36}$/);
});

it('redrives an execution DescribeExecution calls REDRIVABLE, even one that fails again at once', async () => {
  const arn = await createMachine(sfn, 'fails-at-once', {
    StartAt: 'Stop',
    States: { Stop: { Type: 'Fail', Error: 'Nope', Cause: 'always' } },
  });
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
  const executionArn = started.executionArn ?? '';
  const failed = await ended(sfn, executionArn);
  assert.equal(failed.redriveStatus, 'REDRIVABLE');
  const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn }));
  assert.ok(redriven.redriveDate instanceof Date);
  const after = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  assert.equal(after.status, 'FAILED');
  assert.equal(after.redriveCount, 1);
  assert.ok((await history(sfn, executionArn)).some((event) => event.type === 'ExecutionRedriven'));
});

it('refuses DeleteStateMachine on a Distributed Map label ARN with ValidationException', async () => {
  const arn = await createMachine(sfn, 'labelled', JSON.parse(pass) as object);
  await fails(sfn.send(new DeleteStateMachineCommand({ stateMachineArn: `${arn}/MapLabel` })), 'ValidationException');
});
