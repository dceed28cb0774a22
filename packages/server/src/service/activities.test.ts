// Activities and task callbacks through the service on the real runtime: AWS's requests, responses
// and refusals (InvalidName, InvalidArn, ActivityDoesNotExist, InvalidOutput, InvalidToken,
// TaskDoesNotExist, TaskTimedOut), and GetActivityTask's long poll on the manual clock.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { durableService, t0, type DurableService } from './durable-test-support.ts';

let service: DurableService;
beforeEach(() => {
  service = durableService();
});
afterEach(async () => {
  await service.close();
});

function refused(name: string, message?: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.equal((error as { type?: string }).type, name);
    if (message !== undefined) assert.match((error as Error).message, message);
    return true;
  };
}

async function activity(name = 'work'): Promise<string> {
  return (await service.call('CreateActivity', { name })).activityArn as string;
}

describe('activities through the service', () => {
  it('creates idempotently, describes, lists and deletes', async () => {
    const arn = await activity();
    assert.equal(arn, 'arn:aws:states:us-east-1:123456789012:activity:work');
    service.clock.advance(1000);
    const again = await service.call('CreateActivity', { name: 'work', tags: [{ key: 'k', value: 'v' }] });
    assert.deepEqual(again, { activityArn: arn, creationDate: new Date(t0) });
    assert.deepEqual(await service.call('DescribeActivity', { activityArn: arn }), {
      activityArn: arn,
      name: 'work',
      creationDate: new Date(t0),
      encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
    });
    await activity('other');
    const listed = await service.call('ListActivities', { maxResults: 1 });
    assert.deepEqual(
      (listed.activities as { name: string }[]).map((a) => a.name),
      ['work'],
    );
    const rest = await service.call('ListActivities', { nextToken: listed.nextToken });
    assert.deepEqual(
      (rest.activities as { name: string }[]).map((a) => a.name),
      ['other'],
    );
    assert.deepEqual(await service.call('DeleteActivity', { activityArn: arn }), {});
    assert.deepEqual(await service.call('DeleteActivity', { activityArn: arn }), {});
    await assert.rejects(
      service.call('DescribeActivity', { activityArn: arn }),
      refused(
        'ActivityDoesNotExist',
        /^Activity Does Not Exist: 'arn:aws:states:us-east-1:123456789012:activity:work'$/,
      ),
    );
  });

  it("refuses bad names and ARNs with AWS's exceptions", async () => {
    await assert.rejects(service.call('CreateActivity', { name: 'a b' }), refused('InvalidName'));
    await assert.rejects(service.call('CreateActivity', { name: 'x'.repeat(81) }), refused('ValidationException'));
    const machineArn = service.arns.stateMachine('m');
    await assert.rejects(service.call('DescribeActivity', { activityArn: machineArn }), refused('InvalidArn'));
    await assert.rejects(service.call('GetActivityTask', { activityArn: 'nope' }), refused('InvalidArn'));
    const missing = service.arns.activity('missing');
    await assert.rejects(service.call('GetActivityTask', { activityArn: missing }), refused('ActivityDoesNotExist'));
  });

  it('GetActivityTask hands the task with its input; SendTaskSuccess completes it; used tokens are refused', async () => {
    const arn = await activity();
    const machine = await service.machine('m', {
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: arn, End: true } },
    });
    const execution = (await service.call('StartExecution', { stateMachineArn: machine, input: '{"n":1}' }))
      .executionArn as string;
    const task = await service.call('GetActivityTask', { activityArn: arn, workerName: 'w1' });
    assert.equal(task.input, '{"n":1}');
    const taskToken = task.taskToken as string;
    await assert.rejects(service.call('SendTaskSuccess', { taskToken, output: 'not json' }), refused('InvalidOutput'));
    assert.deepEqual(await service.call('SendTaskHeartbeat', { taskToken }), {});
    assert.deepEqual(await service.call('SendTaskSuccess', { taskToken, output: '{"ok":1}' }), {});
    assert.equal((await service.store.getExecution(execution))?.output, '{"ok":1}');
    await assert.rejects(service.call('SendTaskSuccess', { taskToken, output: '{}' }), refused('TaskDoesNotExist'));
    await assert.rejects(service.call('SendTaskFailure', { taskToken }), refused('TaskDoesNotExist'));
    await assert.rejects(service.call('SendTaskHeartbeat', { taskToken: 'forged' }), refused('InvalidToken'));
  });

  it('SendTaskFailure after the task timed out is TaskTimedOut', async () => {
    const arn = await activity();
    const definition = { StartAt: 'A', States: { A: { Type: 'Task', Resource: arn, HeartbeatSeconds: 5, End: true } } };
    const machine = await service.machine('m', definition);
    const execution = (await service.call('StartExecution', { stateMachineArn: machine })).executionArn as string;
    const task = await service.call('GetActivityTask', { activityArn: arn });
    const ended = await service.runUntilEnded(execution);
    assert.equal(ended.error, 'States.Timeout');
    await assert.rejects(
      service.call('SendTaskFailure', { taskToken: task.taskToken, error: 'E' }),
      refused('TaskTimedOut', /^Task Timed Out: 'Provided task does not exist anymore'$/),
    );
  });

  it('long-polls for 60 s on the clock, and a worker that goes away takes no task', async () => {
    const arn = await activity();
    const poll = service.call('GetActivityTask', { activityArn: arn });
    await settle();
    service.clock.advance(59_999);
    await settle();
    let answered = false;
    void poll.then(() => (answered = true));
    await settle();
    assert.equal(answered, false, 'still waiting after 59.999 s');
    service.clock.advance(1);
    assert.deepEqual(await poll, {});
    const gone = new AbortController();
    const abandoned = service.call('GetActivityTask', { activityArn: arn }, gone.signal);
    gone.abort();
    assert.deepEqual(await abandoned, {});
    const machine = await service.machine('m', {
      StartAt: 'A',
      States: { A: { Type: 'Task', Resource: arn, End: true } },
    });
    await service.call('StartExecution', { stateMachineArn: machine });
    assert.equal((await service.store.listActivityTasks(arn, 10)).length, 1, 'the task still waits for a worker');
  });
});

/** Lets pending promise callbacks run (store calls resolve at once): no wall-clock wait. */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
