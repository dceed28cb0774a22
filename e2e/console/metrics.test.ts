// The console's metrics page in real Chromium, after a restart: the charts (uPlot) and the failures by state
// and error come from the stored executions, not from the process's counters, so a new server process shows
// what the previous one ran. One machine's page and the server's page (every machine); an Express machine's
// page, from the per-minute counts the first process wrote (its executions are not stored); screenshots are
// saved under artifacts/console/.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { startServer } from '../api/server-process.ts';
import { createMachine, ended, roleArn, sfnClient } from '../api/sfn-client.ts';
import { openConsole, type ConsoleHarness } from './harness.ts';

const orders = {
  StartAt: 'Check',
  States: {
    Check: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Done' }], Default: 'Reserve' },
    Reserve: { Type: 'Fail', Error: 'OutOfStock', Cause: 'none left' },
    Done: { Type: 'Succeed' },
  },
};
const other = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

let dataDir = '';
let ordersArn = '';
let quickArn = '';
let h: ConsoleHarness | undefined;

/** Runs the executions on a first server process, which then stops: the page is read from a second one. */
async function runOnFirstServer(): Promise<void> {
  const first = await startServer([], { dataDir });
  const sfn = sfnClient(first.url);
  try {
    ordersArn = await createMachine(sfn, 'orders', orders);
    const otherArn = await createMachine(sfn, 'other', other);
    const runs = [
      ...[true, true, true, false, false].map((ok) => ({ arn: ordersArn, input: { ok } })),
      ...[1, 2, 3].map(() => ({ arn: otherArn, input: {} })),
    ];
    for (const run of runs) {
      const started = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: run.arn, input: JSON.stringify(run.input) }),
      );
      await ended(sfn, started.executionArn ?? '');
    }
    await runExpress(sfn);
  } finally {
    sfn.destroy();
    assert.equal(await first.stop(), 0);
  }
}

/** An Express machine (nothing of its executions is stored) run synchronously: 3 succeed, 1 fails. */
async function runExpress(sfn: ReturnType<typeof sfnClient>): Promise<void> {
  const created = await sfn.send(
    new CreateStateMachineCommand({ name: 'quick', type: 'EXPRESS', roleArn, definition: JSON.stringify(orders) }),
  );
  quickArn = created.stateMachineArn ?? '';
  for (const ok of [true, true, false, true]) {
    const done = await sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: quickArn, input: JSON.stringify({ ok }) }),
    );
    assert.equal(done.status, ok ? 'SUCCEEDED' : 'FAILED');
  }
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-metrics-'));
  await runOnFirstServer();
  h = await openConsole([], { dataDir });
});

after(async () => {
  try {
    if (h !== undefined) assert.equal(await h.close(), 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

function harness(): ConsoleHarness {
  assert.ok(h !== undefined);
  return h;
}

describe('the metrics page', () => {
  it("charts one machine's executions, durations, throughput and failures after a restart", async () => {
    const { page, server } = harness();
    await page.goto(`${server.url}/state-machines/${ordersArn}?tab=metrics`);
    const metrics = page.getByTestId('metrics');
    for (const chart of ['chart-executions', 'chart-duration', 'chart-throughput', 'chart-failures']) {
      await metrics.getByTestId(chart).locator('canvas').waitFor();
    }
    assert.match((await page.getByTestId('metrics-summary').textContent()) ?? '', /^5 executions in the window/);
    const legend = (await metrics.getByTestId('chart-executions').textContent()) ?? '';
    for (const status of ['Started', 'Succeeded', 'Failed', 'Aborted', 'Timed out'])
      assert.match(legend, new RegExp(status));
    const rows = metrics.getByTestId('failures').locator('tr');
    assert.equal(await rows.count(), 1);
    assert.deepEqual(await rows.first().locator('td').allTextContents(), ['Reserve', 'OutOfStock', '2']);
    await page.locator('[data-state="Reserve"]').waitFor();
    await h?.shot('30-machine-metrics');
  });

  it("the server's page covers every machine; its data counts each status", async () => {
    const { page, server } = harness();
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.getByTestId('chart-failures').locator('canvas').waitFor();
    assert.match((await page.getByTestId('metrics-summary').textContent()) ?? '', /^8 executions in the window/);
    const response = await fetch(`${server.url}/console/api/metrics?hours=24&buckets=24`);
    assert.equal(response.status, 200);
    const stats = (await response.json()) as { buckets: Record<string, number>[] };
    const total = (key: string): number => stats.buckets.reduce((sum, b) => sum + (b[key] ?? 0), 0);
    assert.deepEqual(['started', 'succeeded', 'failed', 'aborted', 'timedOut'].map(total), [8, 6, 2, 0, 0]);
    assert.equal(stats.buckets.length, 24);
    await h?.shot('31-server-metrics');
  });

  it('charts an Express machine from the counts the previous process wrote, and says what they cover', async () => {
    const { page, server } = harness();
    await page.goto(`${server.url}/state-machines/${quickArn}?tab=metrics`);
    const metrics = page.getByTestId('metrics');
    for (const chart of ['chart-executions', 'chart-duration', 'chart-throughput', 'chart-failures']) {
      await metrics.getByTestId(chart).locator('canvas').waitFor();
    }
    assert.match((await page.getByTestId('metrics-summary').textContent()) ?? '', /^4 executions in the window/);
    assert.match((await page.getByTestId('metrics-source').textContent()) ?? '', /Express executions are not stored/);
    const rows = metrics.getByTestId('failures').locator('tr');
    assert.deepEqual(await rows.first().locator('td').allTextContents(), ['Reserve', 'OutOfStock', '1']);
    const response = await fetch(
      `${server.url}/console/api/metrics?hours=1&buckets=6&stateMachineArn=${encodeURIComponent(quickArn)}`,
    );
    const stats = (await response.json()) as { source: string; buckets: Record<string, number>[] };
    assert.equal(stats.source, 'minute-counts');
    const total = (key: string): number => stats.buckets.reduce((sum, b) => sum + (b[key] ?? 0), 0);
    assert.deepEqual(['started', 'succeeded', 'failed', 'aborted', 'timedOut'].map(total), [4, 3, 1, 0, 0]);
    assert.ok(stats.buckets.some((b) => (b.p50 ?? 0) > 0));
    await h?.shot('32-express-metrics');
  });

  it('refuses a bad window with a ValidationException naming it', async () => {
    const { server } = harness();
    const response = await fetch(`${server.url}/console/api/metrics?hours=-1`);
    assert.equal(response.status, 400);
    const body = (await response.json()) as { __type: string; message: string };
    assert.equal(body.__type, 'ValidationException');
    assert.match(body.message, /hours/);
  });
});
