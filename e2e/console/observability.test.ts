// The console's observability views in real Chromium: an Express machine's executions listed from its log
// records and one of them shown (graph, events, input and output) from its records alone; the logs tab of
// a machine and of an execution (CloudWatch Logs' FilterLogEvents); the audit trail. Every wait is for
// something on the page, and each view is saved under artifacts/console/.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { openConsole, roleArn, type ConsoleHarness } from './harness.ts';

const group = '/aws/vendedlogs/states/console-observability';
const logging = {
  level: 'ALL' as const,
  includeExecutionData: true,
  destinations: [
    { cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*` } },
  ],
};
const quick = {
  StartAt: 'Price',
  States: {
    Price: { Type: 'Pass', Result: 42, ResultPath: '$.price', Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.vip', BooleanEquals: true, Next: 'Discount' }],
      Default: 'Done',
    },
    Discount: { Type: 'Pass', Result: 5, ResultPath: '$.discount', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

let h: ConsoleHarness;
let quickArn = '';
let steadyArn = '';

async function logs(operation: string, request: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${h.server.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Logs_20140328.${operation}` },
    body: JSON.stringify(request),
  });
  assert.equal(response.status, 200, `${operation}: ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Waits until the group holds `count` records of `type` (logs are written just after each step). */
async function recorded(type: string, count: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const out = await logs('FilterLogEvents', { logGroupName: group, filterPattern: `{ $.type = "${type}" }` });
    if ((out.events as unknown[]).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`${count} ${type} records were not written`);
}

before(async () => {
  h = await openConsole();
  await logs('CreateLogGroup', { logGroupName: group });
  const create = async (name: string, type: 'EXPRESS' | 'STANDARD'): Promise<string> => {
    const definition = JSON.stringify(quick);
    const created = await h.sfn.send(
      new CreateStateMachineCommand({ name, type, definition, roleArn, loggingConfiguration: logging }),
    );
    return created.stateMachineArn ?? '';
  };
  quickArn = await create('quick', 'EXPRESS');
  steadyArn = await create('steady', 'STANDARD');
  await h.sfn.send(new StartExecutionCommand({ stateMachineArn: quickArn, name: 'vip', input: '{"vip": true}' }));
  await h.sfn.send(new StartExecutionCommand({ stateMachineArn: quickArn, name: 'plain', input: '{"vip": false}' }));
  await h.sfn.send(new StartExecutionCommand({ stateMachineArn: steadyArn, name: 'first', input: '{"vip": true}' }));
  await recorded('ExecutionSucceeded', 3);
});

after(async () => {
  assert.equal(await h.close(), 0);
});

describe('observability in the console', () => {
  it("lists an Express machine's executions from its log records", async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/state-machines/${quickArn}`);
    const table = page.getByTestId('express-executions');
    await table.locator('[data-execution="vip"]').waitFor();
    await table.locator('[data-execution="plain"]').waitFor();
    assert.equal(await table.locator('tbody tr').count(), 2);
    assert.match((await table.locator('[data-execution="vip"]').textContent()) ?? '', /Succeeded/);
    await h.shot('20-express-executions');
  });

  it('shows an Express execution from its records: graph, events, input and output, logs', async () => {
    const { page } = h;
    await page.getByTestId('express-executions').getByRole('link', { name: 'vip' }).click();
    await page.locator('[data-state="Done"][data-status="succeeded"]').waitFor();
    assert.equal(await page.locator('[data-state="Discount"][data-status="succeeded"]').count(), 1);
    assert.match((await page.getByRole('tab', { name: /Events/ }).textContent()) ?? '', /10/);
    await h.shot('21-express-execution');
    await page.getByRole('tab', { name: 'Input and output' }).click();
    await page.locator('section', { hasText: 'Execution output' }).getByText('"discount": 5').waitFor();
    await page.getByRole('tab', { name: 'Logs' }).click();
    const records = page.getByTestId('log-records');
    await records.locator('[data-type="ExecutionSucceeded"]').waitFor();
    assert.equal(await records.locator('tbody tr').count(), 10, 'only this execution: 10 records');
    await h.shot('22-execution-logs');
  });

  it("a Standard machine's logs tab filters its group with a pattern", async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/state-machines/${steadyArn}?tab=logs`);
    const records = page.getByTestId('log-records');
    await records.locator('[data-type="ExecutionStarted"]').first().waitFor();
    assert.equal(await records.locator('tbody tr').count(), 10, "steady's one execution, not the Express ones");
    await page.locator('[data-state="Price"]').waitFor();
    await page.getByLabel('Filter pattern').fill('{ $.type = "ExecutionSucceeded" }');
    await page.getByRole('button', { name: 'Filter' }).click();
    await records.locator('[data-type="PassStateEntered"]').first().waitFor({ state: 'detached' });
    // The old rows go before the filtered ones come: wait for the one that must be there.
    await records.locator('[data-type="ExecutionSucceeded"]').first().waitFor();
    // The group also holds the Express machine's records: the tab shows this machine's only.
    assert.equal(await records.locator('tbody tr').count(), 1, 'its one execution that succeeded');
    assert.equal(await records.getByRole('link', { name: 'first' }).count(), 1);
    await h.shot('23-machine-logs');
  });

  it('shows the audit trail of the calls that changed something', async () => {
    const { page } = h;
    await page.getByRole('link', { name: 'Audit trail' }).click();
    const audit = page.getByTestId('audit');
    await audit.locator('[data-call="CreateStateMachine"]').first().waitFor();
    assert.equal(await audit.locator('[data-call="CreateStateMachine"]').count(), 2);
    assert.equal(await audit.locator('[data-call="StartExecution"]').count(), 3);
    assert.equal(await audit.locator('[data-call="CreateLogGroup"]').count(), 1);
    await page.getByLabel('Search calls').fill('steady');
    await audit.locator('[data-call="CreateLogGroup"]').waitFor({ state: 'detached' });
    await h.shot('24-audit-trail');
  });
});
