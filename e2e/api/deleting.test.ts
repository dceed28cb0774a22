// DeleteStateMachine through DELETING, through the AWS SDK: a machine with a running execution is described
// and listed as DELETING, refuses new executions, updates and versions with StateMachineDeleting, loses its
// versions and aliases at once; its execution fails at its next transition, and then the machine is gone.
// The other operations answer a DELETING machine with StateMachineDeleting where AWS's API lists it, and
// otherwise as for a machine that is gone; an ended execution of such a machine is not redrivable.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  CreateActivityCommand,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineAliasCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetActivityTaskCommand,
  ListStateMachineAliasesCommand,
  ListTagsForResourceCommand,
  RedriveExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListStateMachinesCommand,
  PublishStateMachineVersionCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  UpdateStateMachineCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { serveForTests } from './shared-server.ts';
import { createMachine, ended, eventually, fails, history, roleArn } from './sfn-client.ts';

let sfn: SFNClient;
serveForTests((started) => ({ sfn } = started));

const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

async function listedNames(): Promise<string[]> {
  const listed = await sfn.send(new ListStateMachinesCommand({}));
  return (listed.stateMachines ?? []).map((machine) => machine.name ?? '');
}

/** A machine whose execution waits at an activity until the test answers its task, published with an alias. */
async function waitingMachine(name: string) {
  const { activityArn } = await sfn.send(new CreateActivityCommand({ name: `${name}-work` }));
  const definition = JSON.stringify({
    StartAt: 'Work',
    States: { Work: { Type: 'Task', Resource: activityArn, Next: 'After' }, After: { Type: 'Pass', End: true } },
  });
  const created = await sfn.send(new CreateStateMachineCommand({ name, roleArn, definition, publish: true }));
  const machine = created.stateMachineArn ?? '';
  const version = created.stateMachineVersionArn ?? '';
  const routingConfiguration = [{ stateMachineVersionArn: version, weight: 100 }];
  const alias = await sfn.send(new CreateStateMachineAliasCommand({ name: 'live', routingConfiguration }));
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
  return { machine, version, alias: alias.stateMachineAliasArn ?? '', executionArn: executionArn ?? '', activityArn };
}

it('keeps a machine with a running execution DELETING, refusing what AWS refuses, until the execution ends', async () => {
  const { machine, version, alias, executionArn, activityArn } = await waitingMachine('going');
  // The worker holds the task: the execution's next transition comes only when the test answers it.
  const task = await sfn.send(new GetActivityTaskCommand({ activityArn }));
  assert.ok(task.taskToken);
  await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: machine }));

  const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machine }));
  assert.equal(described.status, 'DELETING');
  assert.ok((await listedNames()).includes('going'));
  const deleting = /^State Machine is being deleted$/;
  await fails(sfn.send(new StartExecutionCommand({ stateMachineArn: machine })), 'StateMachineDeleting', deleting);
  await fails(
    sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machine, definition: JSON.stringify(pass) })),
    'StateMachineDeleting',
    deleting,
  );
  await fails(sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: machine })), 'StateMachineDeleting');
  await fails(
    sfn.send(new CreateStateMachineCommand({ name: 'going', roleArn, definition: JSON.stringify(pass) })),
    'StateMachineDeleting',
    deleting,
  );
  // Versions and aliases go with the DeleteStateMachine call itself.
  await fails(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: version })), 'StateMachineDoesNotExist');
  await fails(sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: alias })), 'ResourceNotFound');

  await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{}' }));
  const end = await ended(sfn, executionArn);
  assert.equal(end.status, 'FAILED');
  assert.equal(end.error, 'States.Runtime');
  assert.equal(end.cause, 'State machine going has been deleted.');
  const last = (await history(sfn, executionArn)).at(-1);
  assert.equal(last?.type, 'ExecutionFailed');
  assert.deepEqual(last.executionFailedEventDetails, {
    error: 'States.Runtime',
    cause: 'State machine going has been deleted.',
  });
  // The state after the task never ran: the answer was the transition that found the machine deleted.
  const types = (await history(sfn, executionArn)).map((event) => event.type);
  assert.ok(!types.includes('PassStateEntered'), types.join(' '));

  await eventually(
    () =>
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machine })).then(
        () => 'there',
        () => 'gone',
      ),
    (state) => state === 'gone',
  );
  assert.ok(!(await listedNames()).includes('going'));
  // The name is free again.
  await createMachine(sfn, 'going', pass);
});

it('deletes a machine with nothing running at once', async () => {
  const machine = await createMachine(sfn, 'idle', pass);
  await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: machine }));
  await fails(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machine })), 'StateMachineDoesNotExist');
  assert.ok(!(await listedNames()).includes('idle'));
});

it('deletes an Express machine at once and refuses its synchronous executions afterwards', async () => {
  const created = await sfn.send(
    new CreateStateMachineCommand({ name: 'quick', type: 'EXPRESS', roleArn, definition: JSON.stringify(pass) }),
  );
  const stateMachineArn = created.stateMachineArn ?? '';
  await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
  await fails(sfn.send(new StartSyncExecutionCommand({ stateMachineArn })), 'StateMachineDoesNotExist');
});

/** A machine whose execution fails at once given `{"fail": true}` and otherwise waits at an activity. */
async function failingOrWaiting(name: string) {
  const { activityArn } = await sfn.send(new CreateActivityCommand({ name: `${name}-work` }));
  const definition = JSON.stringify({
    StartAt: 'Which',
    States: {
      Which: { Type: 'Choice', Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Boom' }], Default: 'Work' },
      Boom: { Type: 'Fail', Error: 'Boom', Cause: 'asked to' },
      Work: { Type: 'Task', Resource: activityArn, End: true },
    },
  });
  const created = await sfn.send(new CreateStateMachineCommand({ name, roleArn, definition, publish: true }));
  const machine = created.stateMachineArn ?? '';
  const start = (input: object) =>
    sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify(input) }));
  const failed = (await start({ fail: true })).executionArn ?? '';
  const running = (await start({ fail: false })).executionArn ?? '';
  const task = await sfn.send(new GetActivityTaskCommand({ activityArn }));
  return { machine, version: created.stateMachineVersionArn ?? '', failed, running, token: task.taskToken ?? '' };
}

const notRedrivable = /^State machine is in DELETING status\.$/;

/** What RedriveExecution and DescribeExecution say of an ended execution whose machine is DELETING or gone. */
async function refusesRedrive(executionArn: string): Promise<void> {
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  assert.equal(described.redriveStatus, 'NOT_REDRIVABLE');
  assert.match(described.redriveStatusReason ?? '', notRedrivable);
  await fails(sfn.send(new RedriveExecutionCommand({ executionArn })), 'ExecutionNotRedrivable', notRedrivable);
}

async function refusesTags(resourceArn: string): Promise<void> {
  const tags = [{ key: 'team', value: 'a' }];
  await fails(sfn.send(new TagResourceCommand({ resourceArn, tags })), 'ResourceNotFound');
  await fails(sfn.send(new UntagResourceCommand({ resourceArn, tagKeys: ['team'] })), 'ResourceNotFound');
  await fails(sfn.send(new ListTagsForResourceCommand({ resourceArn })), 'ResourceNotFound');
}

it("answers aliases, tags, redrives and the execution's machine of a DELETING machine, then of a gone one", async () => {
  const { machine, version, failed, running, token } = await failingOrWaiting('leaving');
  assert.equal((await ended(sfn, failed)).status, 'FAILED');
  // Before the deletion the same calls succeed: the answers below come from the deletion.
  assert.equal((await sfn.send(new DescribeExecutionCommand({ executionArn: failed }))).redriveStatus, 'REDRIVABLE');
  await sfn.send(new TagResourceCommand({ resourceArn: machine, tags: [{ key: 'team', value: 'a' }] }));
  await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: machine }));
  await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: machine }));

  const routingConfiguration = [{ stateMachineVersionArn: version, weight: 100 }];
  await fails(sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: machine })), 'StateMachineDeleting');
  await fails(
    sfn.send(new CreateStateMachineAliasCommand({ name: 'late', routingConfiguration })),
    'StateMachineDeleting',
  );
  await refusesTags(machine);
  await refusesRedrive(failed);
  // The execution still answers with the definition it ran.
  const ran = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: failed }));
  assert.equal(ran.stateMachineArn, machine);
  assert.match(ran.definition ?? '', /"Boom"/);

  await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
  assert.equal((await ended(sfn, running)).status, 'FAILED');
  await eventually(
    () =>
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machine })).then(
        () => 'there',
        () => 'gone',
      ),
    (state) => state === 'gone',
  );
  await fails(sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: machine })), 'StateMachineDoesNotExist');
  await fails(sfn.send(new CreateStateMachineAliasCommand({ name: 'late', routingConfiguration })), 'ResourceNotFound');
  await refusesTags(machine);
  await refusesRedrive(failed);
  const after = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: failed }));
  assert.equal(after.definition, ran.definition);
});
