// The web console in real Chromium against the real server: the lists, a machine's graph, an execution
// started from the page turning green live, a failed state's error, a redrive, and the editor. Every wait is
// for something on the page (no sleeps), and each view is saved under artifacts/console/.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachineVersionsCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { openConsole, roleArn, type ConsoleHarness } from './harness.ts';

const lambda = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

const orders = {
  Comment: 'Orders: hold until released, route, pack each item, ship in parallel',
  StartAt: 'Receive',
  States: {
    Receive: { Type: 'Pass', Next: 'Hold' },
    Hold: {
      Type: 'Task',
      Resource: lambda('hold'),
      ResultPath: '$.hold',
      Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 2 }],
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.total', NumericGreaterThan: 100, Next: 'Review' }],
      Default: 'Pack',
    },
    Review: { Type: 'Pass', Next: 'Pack' },
    Pack: {
      Type: 'Map',
      ItemsPath: '$.items',
      ResultPath: '$.packed',
      ItemProcessor: { StartAt: 'PackItem', States: { PackItem: { Type: 'Pass', End: true } } },
      Next: 'Ship',
    },
    Ship: {
      Type: 'Parallel',
      ResultPath: '$.shipping',
      Branches: [
        { StartAt: 'Label', States: { Label: { Type: 'Pass', End: true } } },
        { StartAt: 'Notify', States: { Notify: { Type: 'Pass', End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Cancelled' }],
      Next: 'Done',
    },
    Cancelled: { Type: 'Fail', Error: 'OrderCancelled' },
    Done: { Type: 'Succeed' },
  },
};

const payments = {
  StartAt: 'Charge',
  States: {
    Charge: { Type: 'Task', Resource: lambda('gate'), ResultPath: '$.charge', Next: 'Receipt' },
    Receipt: { Type: 'Pass', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

let h: ConsoleHarness;
let dir: string;
let ordersArn = '';
let paymentsArn = '';

before(async () => {
  h = await openConsole();
  dir = mkdtempSync(join(tmpdir(), 'stepwise-console-'));
  ordersArn =
    (
      await h.sfn.send(
        new CreateStateMachineCommand({ name: 'orders', definition: JSON.stringify(orders), roleArn, publish: true }),
      )
    ).stateMachineArn ?? '';
  paymentsArn =
    (
      await h.sfn.send(
        new CreateStateMachineCommand({ name: 'payments', definition: JSON.stringify(payments), roleArn }),
      )
    ).stateMachineArn ?? '';
});

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  assert.equal(await h.close(), 0);
});

describe('the web console in Chromium', () => {
  it('lists the state machines and finds one by name', async () => {
    const { page } = h;
    await page.goto(h.server.url);
    await page.locator('[data-machine="orders"]').waitFor();
    await page.locator('[data-machine="payments"]').waitFor();
    await h.shot('01-state-machines');
    await page.getByLabel('Search state machines by name').fill('pay');
    await page.locator('[data-machine="orders"]').waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-machine]').count(), 1);
    assert.match(page.url(), /\?q=pay$/, 'the search is part of the shareable URL');
  });

  it('shows a machine: graph with nested containers, choice and catch edges, retry badges, its source', async () => {
    const { page } = h;
    await page.locator('[data-machine="payments"]').waitFor();
    await page.goto(`${h.server.url}/state-machines/${ordersArn}`);
    await page.locator('[data-state="PackItem"]').waitFor();
    for (const name of ['Receive', 'Hold', 'Route', 'Review', 'Pack', 'Ship', 'Label', 'Notify', 'Done']) {
      assert.equal(await page.locator(`[data-state="${name}"]`).count(), 1, name);
    }
    assert.equal(await page.locator('.edge-catch').count(), 1);
    assert.match((await page.locator('.edge-choice').textContent()) ?? '', /\$\.total > 100/);
    assert.match((await page.locator('.edge-default').textContent()) ?? '', /Default/);
    assert.equal(await page.locator('[data-state="Hold"] .retry-badge').count(), 1);
    assert.match((await page.getByTestId('definition-source').textContent()) ?? '', /"StartAt": "Receive"/);
    await h.shot('02-state-machine');
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByTestId('versions').getByText('Version 1').waitFor();
  });

  it('starts an execution from the page and watches the graph turn green live', async () => {
    const { page } = h;
    const release = join(dir, 'release');
    await page.getByRole('tab', { name: 'Executions' }).click();
    await page.getByRole('button', { name: 'Start execution' }).click();
    const dialog = page.getByTestId('start-dialog');
    await dialog.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{"total": 250, "items": [1, 2, 3');
    await dialog
      .getByTestId('input-check')
      .getByText(/Line 1, column/)
      .waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Start execution' }).isDisabled(), true);
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify({ total: 250, items: [1, 2, 3], release }, null, 2));
    await dialog.getByTestId('input-check').getByText('Valid JSON').waitFor();
    await dialog.getByLabel('Name (optional)').fill('first-order');
    await h.shot('03-start-execution', { fullPage: false });
    await dialog.getByRole('button', { name: 'Start execution' }).click();
    await page.waitForURL(/\/executions\/arn:aws:states:us-east-1:123456789012:execution:orders:first-order/);
    // Hold waits for the release file: the page shows it running, then (live, no reload) everything green.
    await page.locator('[data-state="Hold"][data-status="running"]').waitFor();
    assert.equal(await page.locator('[data-state="Receive"][data-status="succeeded"]').count(), 1);
    assert.equal(await page.locator('[data-state="Done"][data-status="not-reached"]').count(), 1);
    await h.shot('04-execution-running');
    writeFileSync(release, '');
    await page.locator('[data-state="Done"][data-status="succeeded"]').waitFor();
    for (const name of ['Hold', 'Route', 'Review', 'Pack', 'PackItem', 'Ship', 'Label', 'Notify']) {
      assert.equal(await page.locator(`[data-state="${name}"][data-status="succeeded"]`).count(), 1, name);
    }
    assert.equal(await page.locator('[data-state="Cancelled"][data-status="not-reached"]').count(), 1);
    await page.locator('.badge-large[data-status="SUCCEEDED"]').waitFor();
    await page.locator('[data-state="Pack"] .group-header').click();
    await page.getByTestId('map-runs').getByText('3 succeeded').waitFor();
    await page.locator('[data-iteration="1"]').click();
    await page.getByTestId('iteration-banner').waitFor();
    assert.match(page.url(), /iteration=%2FPack%5B1%5D/);
    await page.locator('[data-state="PackItem"]').click();
    await page.getByTestId('state-panel').getByText('Iteration 1 of Pack').waitFor();
    await h.shot('05-execution-succeeded');
  });

  it("opens a failed state's error and redrives the execution", async () => {
    const { page } = h;
    const open = join(dir, 'open');
    const started = await h.sfn.send(
      new StartExecutionCommand({ stateMachineArn: paymentsArn, name: 'declined', input: JSON.stringify({ open }) }),
    );
    await page.goto(`${h.server.url}/executions/${started.executionArn ?? ''}`);
    await page.locator('[data-state="Charge"][data-status="failed"]').waitFor();
    await page.getByTestId('execution-error').getByText('PaymentDeclined', { exact: true }).waitFor();
    await page.locator('[data-state="Charge"]').click();
    const error = page.getByTestId('state-error');
    await error.getByText('PaymentDeclined', { exact: true }).waitFor();
    await error
      .getByText(/declined by the test gate/)
      .first()
      .waitFor();
    await h.shot('06-failed-state');
    writeFileSync(open, '');
    await page.getByRole('button', { name: 'Redrive' }).click();
    await page.locator('[data-state="Done"][data-status="succeeded"]').waitFor();
    await page.locator('.badge-large[data-status="SUCCEEDED"]').waitFor();
    assert.equal(await page.locator('[data-state="Charge"][data-status="succeeded"]').count(), 1);
    const described = await h.sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    assert.equal(described.status, 'SUCCEEDED');
    assert.equal(described.redriveCount, 1);
    await page.getByRole('tab', { name: /Events/ }).click();
    await page.getByText('ExecutionRedriven').first().click();
    await h.shot('07-redriven');
  });

  it('edits a definition: live diagnostics with line and column, the graph redrawn, saved as a new version', async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/state-machines/${paymentsArn}/edit`);
    await page.getByTestId('problems').getByText('Valid definition').waitFor();
    const edited = (next: string) =>
      JSON.stringify(
        {
          ...payments,
          States: { ...payments.States, Receipt: { Type: 'Pass', Next: 'Audit' }, Audit: { Type: 'Pass', Next: next } },
        },
        null,
        2,
      );
    await page.getByTestId('editor').locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(edited('Nowhere'));
    const problem = page.getByTestId('problems').locator('.problem').first();
    await problem.getByText('MISSING_TRANSITION_TARGET').waitFor();
    assert.match((await problem.locator('.problem-pos').textContent()) ?? '', /^\d+:\d+$/);
    await page.getByTestId('editor').locator('.cm-lintRange-error').first().waitFor();
    await page.locator('[data-state="Audit"]').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save' }).isDisabled(), true);
    await h.shot('08-editor-problem');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(edited('Done'));
    await page.getByTestId('problems').getByText('Valid definition').waitFor();
    await page.getByLabel('Publish a version').check();
    await page.getByPlaceholder('Version description (optional)').fill('adds an audit step');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('saved').getByText('published as version 1').waitFor();
    await h.shot('09-editor-saved');
    const machine = await h.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: paymentsArn }));
    assert.equal((JSON.parse(machine.definition ?? '{}') as typeof payments).States.Receipt.Next, 'Audit');
    const versions = await h.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: paymentsArn }));
    assert.equal(versions.stateMachineVersions?.length, 1);
  });
});
