// Black box through the AWS SDK: behaviours AWS documents that no public recording shows. An activity nobody
// picks up times out, a .sync child outlived by its parent's timeout is stopped, a Map records the iterations a
// failure aborted, JSONata's one-item sequence is its item, and TestState refuses a malformed context or
// stateConfiguration, and aws-sdk:sfn:startExecution serialises an Input given as JSON.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  CreateActivityCommand,
  DescribeExecutionCommand,
  StartExecutionCommand,
  TestStateCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { serveForTests } from './shared-server.ts';
import { createMachine, ended, eventually, fails, history, roleArn } from './sfn-client.ts';

let sfn: SFNClient;
serveForTests((started) => ({ sfn } = started));

async function runToEnd(name: string, definition: object, input = '{}'): Promise<string> {
  const machine = await createMachine(sfn, name, definition);
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input }));
  return started.executionArn ?? '';
}

it('fails an activity task no worker picks up within TimeoutSeconds with States.Timeout', async () => {
  const activity = await sfn.send(new CreateActivityCommand({ name: 'nobody-polls' }));
  const arn = await runToEnd('activity-timeout', {
    StartAt: 'Work',
    States: { Work: { Type: 'Task', Resource: activity.activityArn, TimeoutSeconds: 1, End: true } },
  });
  const done = await ended(sfn, arn);
  assert.equal(done.status, 'FAILED');
  assert.equal(done.error, 'States.Timeout');
  const types = (await history(sfn, arn)).map((event) => event.type);
  assert.deepEqual(types.slice(-3), ['ActivityScheduled', 'ActivityTimedOut', 'ExecutionFailed']);
});

it('fails a .sync parent whose Task times out with States.Timeout, and stops the child', async () => {
  const child = await createMachine(sfn, 'slow-child', {
    StartAt: 'Sleep',
    States: { Sleep: { Type: 'Wait', Seconds: 300, End: true } },
  });
  const parent = await runToEnd('impatient-parent', {
    StartAt: 'Run',
    States: {
      Run: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync:2',
        Parameters: { StateMachineArn: child },
        TimeoutSeconds: 1,
        End: true,
      },
    },
  });
  const done = await ended(sfn, parent);
  assert.equal(done.status, 'FAILED');
  assert.equal(done.error, 'States.Timeout');
  const submitted = (await history(sfn, parent)).find((event) => event.type === 'TaskSubmitted');
  const output = JSON.parse(submitted?.taskSubmittedEventDetails?.output ?? '{}') as { ExecutionArn?: string };
  const stopped = await eventually(
    () => sfn.send(new DescribeExecutionCommand({ executionArn: output.ExecutionArn })),
    (d) => d.status !== 'RUNNING',
  );
  assert.equal(stopped.status, 'ABORTED');
});

it('records MapIterationAborted for each iteration a failing sibling aborted', async () => {
  const arn = await runToEnd(
    'map-abort',
    {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Which',
            States: {
              Which: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 1, Next: 'Fail' }], Default: 'Sleep' },
              Fail: { Type: 'Fail', Error: 'Broken', Cause: 'item 1' },
              Sleep: { Type: 'Wait', Seconds: 300, End: true },
            },
          },
          End: true,
        },
      },
    },
    '[0, 1, 2]',
  );
  assert.equal((await ended(sfn, arn)).error, 'Broken');
  const events = await history(sfn, arn);
  const aborted = events.filter((event) => event.type === 'MapIterationAborted');
  assert.deepEqual(
    aborted.map((event) => event.mapIterationAbortedEventDetails),
    [
      { name: 'Each', index: 0 },
      { name: 'Each', index: 2 },
    ],
  );
  // Each follows its iteration's last event (its Wait's Aborted event, or its start when the Map failed before
  // the iteration ran), and all come before MapStateFailed.
  for (const event of aborted) {
    const before = events.find((candidate) => candidate.id === event.previousEventId);
    assert.ok(['WaitStateAborted', 'MapIterationStarted'].includes(before?.type ?? ''), before?.type);
  }
  assert.ok(aborted.some((event) => events.find((e) => e.id === event.previousEventId)?.type === 'WaitStateAborted'));
  const failedAt = events.findIndex((event) => event.type === 'MapStateFailed');
  assert.ok(aborted.every((event) => events.indexOf(event) < failedAt));
});

it('returns the item of a one-item JSONata sequence, not an array', async () => {
  const arn = await runToEnd(
    'jsonata-sequence',
    {
      QueryLanguage: 'JSONata',
      StartAt: 'Pick',
      States: { Pick: { Type: 'Pass', Output: '{% $states.input.items[id = 2] %}', End: true } },
    },
    '{"items":[{"id":1},{"id":2}]}',
  );
  const done = await ended(sfn, arn);
  assert.deepEqual(JSON.parse(done.output ?? ''), { id: 2 });
});

it('refuses TestState with a context that is not a JSON object: ValidationException', async () => {
  const definition = JSON.stringify({ Type: 'Pass', End: true });
  await fails(
    sfn.send(new TestStateCommand({ definition, context: '{"Execution":' })),
    'ValidationException',
    // Jackson's words and location, not V8's "Unexpected end of JSON input".
    /^Invalid Context object provided: the context is not valid JSON \(Unexpected end-of-input: expected a valid value\n at \[Source: \(String\)"\{"Execution":"; line: 1, column: 14\]\)$/,
  );
  await fails(sfn.send(new TestStateCommand({ definition, context: '"text"' })), 'ValidationException', /Context/);
});

it('refuses TestState with a stateConfiguration outside its constraints: ValidationException', async () => {
  const definition = JSON.stringify({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true });
  await fails(
    sfn.send(
      new TestStateCommand({
        definition,
        roleArn,
        mock: { errorOutput: { error: 'E', cause: 'c' } },
        stateConfiguration: { retrierRetryCount: -1, errorCausedByState: '' },
      }),
    ),
    'ValidationException',
    /^2 validation errors detected: Value '-1' at 'stateConfiguration\.retrierRetryCount' failed to satisfy constraint: Member must have value greater than or equal to 0; Value '' at 'stateConfiguration\.errorCausedByState' failed to satisfy constraint: Member must have length greater than or equal to 1$/,
  );
});

it('serialises an aws-sdk:sfn:startExecution Input given as JSON, keeping its members as written', async () => {
  const child = await createMachine(sfn, 'echo-child', {
    StartAt: 'Echo',
    States: { Echo: { Type: 'Pass', End: true } },
  });
  const parent = await runToEnd('sdk-start', {
    StartAt: 'Start',
    States: {
      Start: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:sfn:startExecution',
        Parameters: { StateMachineArn: child, Input: { Order: { Id: 7 }, items: [1, 2] } },
        End: true,
      },
    },
  });
  const done = await ended(sfn, parent);
  assert.equal(done.status, 'SUCCEEDED', done.cause);
  const started = JSON.parse(done.output ?? '{}') as { ExecutionArn?: string };
  const childRun = await ended(sfn, started.ExecutionArn ?? '');
  assert.deepEqual(JSON.parse(childRun.input ?? ''), { Order: { Id: 7 }, items: [1, 2] });
});
