// The map run view in real Chromium: a Distributed Map of 3,000 STANDARD children (every tenth fails, tolerated)
// is reached from its Map state on the execution's graph and from the execution's Map runs tab; its page shows
// DescribeMapRun's counts, a virtualised list of the children (only the rows in view are in the DOM) that
// scrolls to the last child and filters by status, and each row opens its child's execution page. A second
// run, held by an activity nobody works, has its settings changed through the page (UpdateMapRun).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateActivityCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListMapRunsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { createMachine } from '../api/sfn-client.ts';
import { openConsole, type ConsoleHarness } from './harness.ts';

const children = 3000;
const failing = children / 10;

function distributedMap(processor: object, settings: object): object {
  return {
    StartAt: 'Fan out',
    States: {
      'Fan out': {
        Type: 'Map',
        Label: 'Items',
        ItemsPath: '$.items',
        ...settings,
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...processor },
        End: true,
      },
    },
  };
}

const checkItem = {
  StartAt: 'Check',
  States: {
    Check: { Type: 'Choice', Choices: [{ Variable: '$.bad', BooleanEquals: true, Next: 'Reject' }], Default: 'Accept' },
    Reject: { Type: 'Fail', Error: 'BadItem', Cause: 'the item is marked bad' },
    Accept: { Type: 'Pass', End: true },
  },
};

let h: ConsoleHarness | undefined;
let fanArn = '';

function harness(): ConsoleHarness {
  assert.ok(h !== undefined);
  return h;
}

/** Polls DescribeExecution until the execution ends (a bound, not an assertion on time: 5 minutes). */
async function waitForEnd(executionArn: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const described = await harness().sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described.status ?? '';
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${executionArn} did not end within 5 minutes`);
}

before(async () => {
  h = await openConsole();
  const machine = await createMachine(
    h.sfn,
    'fan',
    distributedMap(checkItem, { MaxConcurrency: 1000, ToleratedFailurePercentage: 100 }),
  );
  const items = Array.from({ length: children }, (_, i) => ({ n: i, bad: i % 10 === 3 }));
  const started = await h.sfn.send(
    new StartExecutionCommand({ stateMachineArn: machine, name: 'fan-3000', input: JSON.stringify({ items }) }),
  );
  fanArn = started.executionArn ?? '';
  assert.equal(await waitForEnd(fanArn), 'SUCCEEDED');
});

after(async () => {
  if (h !== undefined) assert.equal(await h.close(), 0);
});

describe('the map run view', () => {
  it("is reached from the Map state on the graph and shows DescribeMapRun's counts", async () => {
    const { page, server } = harness();
    await page.goto(`${server.url}/executions/${fanArn}`);
    await page.locator('[data-state="Fan out"] .group-header').click();
    const link = page.getByTestId('map-run-link');
    await link
      .getByText(`${children.toLocaleString('en-US')} of ${children.toLocaleString('en-US')} children ended`)
      .waitFor();
    await link.getByRole('link', { name: /Open map run Items/ }).click();
    await page.getByTestId('map-run').waitFor();
    const row = page.getByTestId('map-run-counts').locator('[data-counts="Child executions"]');
    const count = async (key: string) => (await row.locator(`[data-count="${key}"]`).textContent()) ?? '';
    assert.equal(await count('succeeded'), (children - failing).toLocaleString('en-US'));
    assert.equal(await count('failed'), failing.toLocaleString('en-US'));
    assert.equal(await count('total'), children.toLocaleString('en-US'));
    assert.equal(await count('running'), '0');
    const items = page.getByTestId('map-run-counts').locator('[data-counts="Items"] [data-count="total"]');
    assert.equal(await items.textContent(), children.toLocaleString('en-US'));
    const settings = page.getByTestId('map-run-settings');
    assert.equal(await settings.locator('[data-setting="maxConcurrency"] dd').textContent(), '1,000');
    assert.equal(await settings.locator('[data-setting="toleratedFailurePercentage"] dd').textContent(), '100');
    await page.getByTestId('map-run').locator('[data-status="SUCCEEDED"]').first().waitFor();
    await page
      .getByText(`${children.toLocaleString('en-US')} of ${children.toLocaleString('en-US')} children`)
      .waitFor();
    await harness().shot('40-map-run');
  });

  it('lists every child with only the visible rows in the DOM, scrolls to the last and filters by status', async () => {
    const { page } = harness();
    const list = page.getByTestId('map-run-children');
    const rows = list.locator('[data-child]');
    const rendered = await rows.count();
    assert.ok(rendered > 5 && rendered < 60, `${String(rendered)} child rows in the DOM`);
    await list.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await list.locator(`[data-index="${String(children - 1)}"]`).waitFor();
    assert.ok((await rows.count()) < 60);

    await page.getByLabel('Status').selectOption('FAILED');
    await page.getByText(`${failing.toLocaleString('en-US')} children`, { exact: true }).waitFor();
    assert.match(page.url(), /status=FAILED/);
    const statuses = await list
      .locator('[data-child] [data-status]')
      .evaluateAll((badges) => badges.map((b) => b.getAttribute('data-status')));
    assert.ok(statuses.length > 5 && statuses.length < 60, `${String(statuses.length)} rows`);
    assert.deepEqual(new Set(statuses), new Set(['FAILED']));
    await harness().shot('41-map-run-failed-children');
  });

  it("opens a child's execution page, whose way back names the map run", async () => {
    const { page } = harness();
    const first = page.getByTestId('map-run-children').locator('[data-child]').first();
    const name = (await first.getAttribute('data-child')) ?? '';
    await first.getByRole('link').click();
    await page.locator('.execution-title').getByText(name).waitFor();
    await page.getByTestId('execution-error').getByText('BadItem').waitFor();
    const crumbs = page.locator('.breadcrumbs');
    await crumbs.getByRole('link', { name: 'Map run Items' }).waitFor();
    await crumbs.getByRole('link', { name: 'fan', exact: true }).waitFor();
    await page.locator('[data-state="Reject"]').first().waitFor();
    await harness().shot('42-map-run-child');
    await crumbs.getByRole('link', { name: 'Map run Items' }).click();
    await page.getByTestId('map-run').waitFor();
    assert.match(page.url(), /\/map-runs\//);
  });

  it("lists the execution's map runs in its Map runs tab", async () => {
    const { page, server } = harness();
    await page.goto(`${server.url}/executions/${fanArn}?tab=map-runs`);
    const table = page.getByTestId('map-runs-list');
    await table.getByRole('link', { name: 'Items' }).click();
    await page.getByTestId('map-run').waitFor();
  });

  it('changes a running map run’s settings with UpdateMapRun and refuses a bad value', async () => {
    const { page, server, sfn } = harness();
    const activity = await sfn.send(new CreateActivityCommand({ name: 'held' }));
    const work = { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: activity.activityArn, End: true } } };
    const machine = await createMachine(sfn, 'held', distributedMap(work, { MaxConcurrency: 1 }));
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify({ items: [1, 2, 3, 4] }) }),
    );
    const executionArn = started.executionArn ?? '';
    try {
      let mapRunArn = '';
      for (let i = 0; i < 400 && mapRunArn === ''; i++) {
        const runs = await sfn.send(new ListMapRunsCommand({ executionArn }));
        mapRunArn = runs.mapRuns?.[0]?.mapRunArn ?? '';
        if (mapRunArn === '') await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.notEqual(mapRunArn, '');
      await page.goto(`${server.url}/map-runs/${mapRunArn.replaceAll('/', '%2F')}`);
      await page.getByTestId('map-run').locator('[data-status="RUNNING"]').first().waitFor();
      await page.getByRole('button', { name: 'Edit' }).click();
      const form = page.getByTestId('map-run-settings-form');
      await form.locator('input[name="toleratedFailurePercentage"]').fill('150');
      await form.getByText('Tolerated failure % must be at most 100').waitFor();
      assert.equal(await form.getByRole('button', { name: 'Save' }).isDisabled(), true);
      await form.locator('input[name="toleratedFailurePercentage"]').fill('12.5');
      await form.locator('input[name="maxConcurrency"]').fill('3');
      await form.locator('input[name="toleratedFailureCount"]').fill('2');
      await harness().shot('43-map-run-settings');
      await form.getByRole('button', { name: 'Save' }).click();
      const settings = page.getByTestId('map-run-settings');
      await settings.locator('[data-setting="maxConcurrency"] dd').getByText('3', { exact: true }).waitFor();
      const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
      assert.equal(described.maxConcurrency, 3);
      assert.equal(described.toleratedFailureCount, 2);
      assert.equal(described.toleratedFailurePercentage, 12.5);
      // The driver starts the children the new MaxConcurrency leaves room for: the page's counts follow.
      const running = page
        .getByTestId('map-run-counts')
        .locator('[data-counts="Child executions"] [data-count="running"]');
      await running.getByText('3', { exact: true }).waitFor({ timeout: 30_000 });
    } finally {
      await sfn.send(new StopExecutionCommand({ executionArn }));
    }
  });
});
