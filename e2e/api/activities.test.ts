// Black box: activities on the real server through @aws-sdk/client-sfn and the @stepwise/sdk worker:
// the activity API, a worker completing and failing tasks with heartbeats, a graceful stop in the middle
// of a long poll, and a task that was pending when the server was killed, completed after its restart.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CreateActivityCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  GetActivityTaskCommand,
  ListActivitiesCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { ActivityFailure, ActivityWorker } from '@stepwise/sdk';
import { startServer } from './server-process.ts';
import { createMachine, ended, fails, history, sfnClient } from './sfn-client.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-activities-'));
after(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

interface Order {
  item: string;
  quantity: number;
}

function activityMachine(activityArn: string): object {
  return {
    StartAt: 'Pack',
    States: {
      Pack: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 30, TimeoutSeconds: 600, End: true },
    },
  };
}

async function start(sfn: SFNClient, stateMachineArn: string, order: Order): Promise<string> {
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(order) }));
  return started.executionArn ?? '';
}

describe('activities against stepwise serve', () => {
  it('a worker from @stepwise/sdk completes and fails tasks; the API manages activities', async () => {
    const server = await startServer();
    const sfn = sfnClient(server.url);
    try {
      const created = await sfn.send(new CreateActivityCommand({ name: 'pack' }));
      const activityArn = created.activityArn ?? '';
      assert.equal(activityArn, 'arn:aws:states:us-east-1:123456789012:activity:pack');
      assert.equal((await sfn.send(new DescribeActivityCommand({ activityArn }))).name, 'pack');
      assert.deepEqual(
        (await sfn.send(new ListActivitiesCommand({}))).activities?.map((a) => a.name),
        ['pack'],
      );
      const machine = await createMachine(sfn, 'packing', activityMachine(activityArn));
      const worker = new ActivityWorker<Order, { packed: string }>({
        client: sfn,
        activityArn,
        workerName: 'packer-1',
        heartbeatSeconds: 1,
        handler: (order) => {
          if (order.quantity < 1) throw new ActivityFailure('Order.Empty', `nothing to pack for ${order.item}`);
          return { packed: `${String(order.quantity)} x ${order.item}` };
        },
      });
      worker.start();
      const good = await start(sfn, machine, { item: 'mug', quantity: 2 });
      const empty = await start(sfn, machine, { item: 'cup', quantity: 0 });
      const done = await ended(sfn, good);
      assert.deepEqual([done.status, done.output], ['SUCCEEDED', '{"packed":"2 x mug"}']);
      const failed = await ended(sfn, empty);
      assert.deepEqual(
        [failed.status, failed.error, failed.cause],
        ['FAILED', 'Order.Empty', 'nothing to pack for cup'],
      );
      const events = await history(sfn, good);
      assert.deepEqual(
        events.map((event) => event.type),
        [
          'ExecutionStarted',
          'TaskStateEntered',
          'ActivityScheduled',
          'ActivityStarted',
          'ActivitySucceeded',
          'TaskStateExited',
          'ExecutionSucceeded',
        ],
      );
      assert.deepEqual(events[3]?.activityStartedEventDetails, { workerName: 'packer-1' });
      // The worker is in a long poll now: stopping it ends the poll at once.
      await worker.stop();
      await sfn.send(new DeleteActivityCommand({ activityArn }));
      await fails(sfn.send(new GetActivityTaskCommand({ activityArn })), 'ActivityDoesNotExist');
    } finally {
      sfn.destroy();
      assert.equal(await server.stop(), 0, 'no long poll holds the shutdown');
    }
  });

  it('a task pending when the server is killed is handed out and completed after the restart', async () => {
    const first = await startServer([], { dataDir });
    let sfn = sfnClient(first.url);
    const activityArn = (await sfn.send(new CreateActivityCommand({ name: 'durable' }))).activityArn ?? '';
    const machine = await createMachine(sfn, 'durable', activityMachine(activityArn));
    const executionArn = await start(sfn, machine, { item: 'plate', quantity: 1 });
    sfn.destroy();
    await first.kill();

    const second = await startServer([], { dataDir });
    sfn = sfnClient(second.url);
    try {
      const worker = new ActivityWorker<Order, string>({
        client: sfn,
        activityArn,
        workerName: 'after-restart',
        handler: (order) => `packed ${order.item}`,
      });
      worker.start();
      const done = await ended(sfn, executionArn);
      await worker.stop();
      assert.deepEqual([done.status, done.output], ['SUCCEEDED', '"packed plate"']);
    } finally {
      sfn.destroy();
      assert.equal(await second.stop(), 0);
    }
  });
});
