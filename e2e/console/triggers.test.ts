// The console's Triggers view in real Chromium: a rule with its pattern, target and the execution a PutEvents
// started, among its recent matches; a rule whose target does not exist, with the reason its delivery was
// dropped; a schedule's next fire times on its own zone's clock; a pipe; the delivery log linking to the
// execution; and an HTTP route added through the form, which then starts an execution. Saved as
// artifacts/console/20-triggers.png.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { openConsole, roleArn, type ConsoleHarness } from './harness.ts';

let h: ConsoleHarness;
let events: EventBridgeClient;
let machineArn = '';
const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

async function rest(method: string, path: string, body: object): Promise<void> {
  const response = await fetch(`${h.server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, await response.text());
}

before(async () => {
  h = await openConsole();
  const credentials = { accessKeyId: 'e2e', secretAccessKey: 'e2e' };
  events = new EventBridgeClient({ endpoint: h.server.url, region: 'us-east-1', credentials });
  machineArn =
    (await h.sfn.send(new CreateStateMachineCommand({ name: 'orders', definition, roleArn }))).stateMachineArn ?? '';
  const pattern = { source: ['shop'], 'detail-type': ['Order Placed'], detail: { total: [{ numeric: ['>', 100] }] } };
  await events.send(new PutRuleCommand({ Name: 'big-orders', EventPattern: JSON.stringify(pattern) }));
  await events.send(
    new PutTargetsCommand({ Rule: 'big-orders', Targets: [{ Id: 'orders', Arn: machineArn, RoleArn: roleArn }] }),
  );
  // A rule whose target machine does not exist: its delivery is dropped, and the log says why.
  const gone = machineArn.replace(/:orders$/, ':gone');
  await events.send(new PutRuleCommand({ Name: 'to-nowhere', EventPattern: '{"source":["shop"]}' }));
  await events.send(
    new PutTargetsCommand({ Rule: 'to-nowhere', Targets: [{ Id: 'gone', Arn: gone, RoleArn: roleArn }] }),
  );
  await events.send(
    new PutEventsCommand({
      Entries: [{ Source: 'shop', DetailType: 'Order Placed', Detail: JSON.stringify({ total: 250 }) }],
    }),
  );
  await rest('POST', '/schedules/morning-report', {
    ScheduleExpression: 'cron(0 8 * * ? *)',
    ScheduleExpressionTimezone: 'Europe/Paris',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: machineArn, RoleArn: roleArn },
  });
  await rest('POST', '/v1/pipes/order-queue', {
    Source: 'arn:aws:sqs:us-east-1:123456789012:orders',
    Target: machineArn,
    RoleArn: roleArn,
    DesiredState: 'STOPPED',
    SourceParameters: { FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] } },
    TargetParameters: { StepFunctionStateMachineParameters: { InvocationType: 'FIRE_AND_FORGET' } },
  });
});

after(async () => {
  events.destroy();
  assert.equal(await h.close(), 0);
});

describe('the Triggers view', () => {
  it('shows rules, schedules, pipes and the delivery log with the execution each event started', async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/triggers`);
    const rule = page.locator('[data-rule="big-orders"]');
    await rule.waitFor();
    assert.match((await rule.textContent()) ?? '', /"numeric"/);
    // The delivery worker starts the execution shortly after PutEvents: the view reads again every 3 s.
    await page.locator('[data-testid="deliveries"] [data-outcome="STARTED"] a').waitFor();
    const executions = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn }));
    const started = executions.executions?.[0]?.name ?? '';
    assert.match((await page.locator('[data-testid="deliveries"]').textContent()) ?? '', new RegExp(started));
    // The rule's recent matches name the execution; the other rule's show why nothing started.
    await page.locator('[data-rule="big-orders"] a', { hasText: started }).waitFor();
    const dropped = page.locator('[data-testid="deliveries"] [data-outcome="DROPPED"]');
    await dropped.waitFor();
    assert.match((await dropped.textContent()) ?? '', /StateMachineDoesNotExist/);
    assert.match((await page.locator('[data-rule="to-nowhere"]').textContent()) ?? '', /StateMachineDoesNotExist/);
    const schedule = (await page.locator('[data-schedule="morning-report"] .next-fires').textContent()) ?? '';
    assert.equal(schedule.match(/08:00 (CET|CEST|GMT\+1|GMT\+2)/g)?.length, 3, schedule);
    assert.match((await page.locator('[data-pipe="order-queue"]').textContent()) ?? '', /stopped.*orders/s);
  });

  it('adds an HTTP route from the form, which then starts an execution', async () => {
    const { page } = h;
    await page.getByLabel('Path').fill('/orders/{id}');
    await page.getByLabel('State machine').fill('orders');
    await page.getByLabel('Input mapping').fill('{"id.$": "$.path.id", "order.$": "$.body"}');
    await page.getByRole('button', { name: 'Add route' }).click();
    await page.locator('[data-route="POST /orders/{id}"]').waitFor();
    await h.shot('20-triggers');
    const response = await fetch(`${h.server.url}/orders/o-9`, { method: 'POST', body: '{"qty":2}' });
    assert.equal(response.status, 200);
    const { executionArn } = (await response.json()) as { executionArn: string };
    assert.match(executionArn, /:execution:orders:/);
  });
});
