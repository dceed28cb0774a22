// Scale: an execution whose Map runs 6,000 iterations (24,006 events, within AWS's 25,000-event limit) opens
// in the console, which keeps only the rows in view in the DOM, scrolls to the last event, and counts the
// iterations of the Map.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { openConsole, roleArn, type ConsoleHarness } from './harness.ts';

const iterations = 6000;
/** ExecutionStarted, MapStateEntered, MapStateStarted, 4 per iteration, MapStateSucceeded, MapStateExited, ExecutionSucceeded. */
const events = 4 * iterations + 6;

let h: ConsoleHarness;

before(async () => {
  h = await openConsole();
});

after(async () => {
  assert.equal(await h.close(), 0);
});

describe('the console with a large execution', () => {
  it(`shows ${String(iterations)} Map iterations and ${String(events)} events with only the visible rows in the DOM`, async () => {
    const definition = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const machine = await h.sfn.send(
      new CreateStateMachineCommand({ name: 'fan-out', definition: JSON.stringify(definition), roleArn }),
    );
    const started = await h.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machine.stateMachineArn,
        input: JSON.stringify({ items: Array.from({ length: iterations }, (_, i) => i) }),
      }),
    );
    const { page } = h;
    await page.goto(`${h.server.url}/executions/${started.executionArn ?? ''}?state=Fan`);
    await page.locator('[data-state="Item"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    const described: DescribeExecutionCommandOutput = await h.sfn.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );
    assert.equal(described.status, 'SUCCEEDED');
    await page
      .getByRole('tab', { name: /Events/ })
      .getByText(events.toLocaleString('en-US'))
      .waitFor();
    await page
      .getByTestId('map-runs')
      .getByText(`${iterations.toLocaleString('en-US')} succeeded`)
      .waitFor();

    const rows = page.getByTestId('event-scroll').locator('[data-event-id]');
    const rendered = await rows.count();
    assert.ok(rendered > 5 && rendered < 100, `${String(rendered)} event rows in the DOM`);
    const iterationRows = await page.getByTestId('iterations').locator('[data-iteration]').count();
    assert.ok(iterationRows > 3 && iterationRows < 60, `${String(iterationRows)} iteration rows in the DOM`);

    await page.getByTestId('event-scroll').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await page
      .locator(`[data-event-id="${String(events)}"]`)
      .getByText('ExecutionSucceeded')
      .waitFor();
    assert.ok((await rows.count()) < 100);
    await page.locator(`[data-event-id="${String(events)}"]`).click();
    await page.getByTestId('iterations').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    await page.locator(`[data-iteration="${String(iterations - 1)}"]`).click();
    await page.getByTestId('iteration-banner').waitFor();
    await h.shot('10-scale');
  });

  it('lays out a machine of 120 states, with its choices and catches, and draws every state', async () => {
    const states: Record<string, unknown> = {};
    const count = 120;
    for (let i = 0; i < count; i++) {
      const name = `Step${String(i).padStart(3, '0')}`;
      const next = i === count - 1 ? undefined : `Step${String(i + 1).padStart(3, '0')}`;
      if (i % 10 === 5 && next !== undefined) {
        states[name] = {
          Type: 'Choice',
          Choices: [
            {
              Variable: '$.skip',
              BooleanEquals: true,
              Next: `Step${String(Math.min(count - 1, i + 3)).padStart(3, '0')}`,
            },
          ],
          Default: next,
        };
      } else if (i % 10 === 8 && next !== undefined) {
        states[name] = {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:hold',
          Retry: [{ ErrorEquals: ['States.Timeout'] }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: `Step${String(count - 1)}` }],
          Next: next,
        };
      } else {
        states[name] = next === undefined ? { Type: 'Succeed' } : { Type: 'Pass', Next: next };
      }
    }
    const machine = await h.sfn.send(
      new CreateStateMachineCommand({
        name: 'large-graph',
        definition: JSON.stringify({ StartAt: 'Step000', States: states }),
        roleArn,
      }),
    );
    const { page } = h;
    await page.goto(`${h.server.url}/state-machines/${machine.stateMachineArn ?? ''}`);
    await page.locator('[data-state="Step119"]').waitFor();
    assert.equal(await page.locator('[data-state]').count(), count);
    assert.equal(await page.locator('.edge-catch').count(), 12);
    await h.shot('11-large-graph');
    await page.getByRole('button', { name: 'Fit' }).click();
    await h.shot('12-large-graph-fit');
  });
});
