// The composition root's `background` option, which `serve` uses: with it, start() sets the trigger workers
// going (an event matched by a rule starts its execution) and close() stops them; without it (the conformance
// targets) the same event's delivery waits in the store for whoever drives it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { systemClock } from '../runtime/clock.ts';
import { openSqliteStore, sqliteTriggerStore } from '../store/sqlite/sqlite-store.ts';
import type { TriggerStore } from '../store/trigger-store.ts';
import { createStepwise, type Stepwise, type StepwiseOptions } from './create-stepwise.ts';

const roleArn = 'arn:aws:iam::123456789012:role/test';
const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

async function withStepwise(
  extra: Partial<StepwiseOptions>,
  use: (stepwise: Stepwise, triggers: TriggerStore) => Promise<void>,
) {
  const store = openSqliteStore({ file: ':memory:' });
  const triggers = sqliteTriggerStore(store);
  const tasks = { execute: () => Promise.resolve({ error: 'NoTask', cause: 'no tasks here' }) };
  const stepwise = createStepwise({ store, clock: systemClock, tasks, triggers, ...extra });
  stepwise.start();
  try {
    await use(stepwise, triggers);
  } finally {
    await stepwise.close();
    await store.close();
  }
}

/** A machine, a rule sending `orders` events to it, and one such event; the machine's ARN. */
async function sendOrderEvent(stepwise: Stepwise): Promise<string> {
  const created = (await stepwise.api.call(
    'CreateStateMachine',
    { name: 'on-order', roleArn, definition },
    {
      requestId: 't',
    },
  )) as { stateMachineArn: string };
  const events = stepwise.triggerApis?.(undefined).events;
  assert.ok(events !== undefined, 'the trigger APIs are there with `triggers`');
  await events.call('PutRule', { Name: 'orders', EventPattern: JSON.stringify({ source: ['orders'] }) });
  await events.call('PutTargets', {
    Rule: 'orders',
    Targets: [{ Id: 'sfn', Arn: created.stateMachineArn, RoleArn: roleArn }],
  });
  await events.call('PutEvents', { Entries: [{ Source: 'orders', DetailType: 'placed', Detail: '{"id":1}' }] });
  return created.stateMachineArn;
}

async function executionsOf(stepwise: Stepwise, stateMachineArn: string): Promise<{ status: string }[]> {
  const listed = (await stepwise.api.call('ListExecutions', { stateMachineArn }, { requestId: 't' })) as {
    executions: { status: string }[];
  };
  return listed.executions;
}

test('with background, start() runs the delivery worker: a matched event starts its execution', async () => {
  await withStepwise({ background: { log: pino({ enabled: false }) } }, async (stepwise) => {
    assert.ok(stepwise.triggerWorkers !== undefined);
    const machine = await sendOrderEvent(stepwise);
    // The worker is woken by PutEvents; bounded, so a worker that never runs fails the test instead of hanging it.
    for (let attempt = 0; attempt < 200; attempt++) {
      const executions = await executionsOf(stepwise, machine);
      if (executions.some((execution) => execution.status === 'SUCCEEDED')) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.fail('no execution of the matched event succeeded within 10 s');
  });
});

test('without background, nothing delivers: the event waits in the store as a due delivery', async () => {
  await withStepwise({}, async (stepwise, triggers) => {
    assert.equal(stepwise.triggerWorkers, undefined);
    const machine = await sendOrderEvent(stepwise);
    assert.deepEqual(await executionsOf(stepwise, machine), []);
    assert.ok((await triggers.nextDeliveryTime()) !== undefined, 'the delivery is in the store, due');
  });
});
