// Black box: `serve --time-scale 0`. A one-hour Wait finishes at once for an AWS SDK client, the console's
// header says the server runs at time scale 0, and a server without the option shows no such notice.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { startServer } from '../api/server-process.ts';
import { openConsole, roleArn, type ConsoleHarness } from './harness.ts';

let h: ConsoleHarness;

before(async () => {
  h = await openConsole(['--time-scale', '0']);
});

after(async () => {
  assert.equal(await h.close(), 0);
});

const hourWait = {
  StartAt: 'Hour',
  States: { Hour: { Type: 'Wait', Seconds: 3600, Next: 'Done' }, Done: { Type: 'Pass', Result: 'woke', End: true } },
};

async function finished(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  // Polls the API (never a clock): bounded, so a server that does not scale fails the test instead of hanging.
  for (let attempt = 0; attempt < 300; attempt++) {
    const described = await h.sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${executionArn} still RUNNING after 300 polls: its one-hour Wait was not scaled to 0`);
}

describe('serve --time-scale 0', () => {
  it('finishes a one-hour Wait at once, through the AWS SDK', async () => {
    const machine = await h.sfn.send(
      new CreateStateMachineCommand({ name: 'hour-wait', definition: JSON.stringify(hourWait), roleArn }),
    );
    const started = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn }));
    const described = await finished(started.executionArn ?? '');
    assert.equal(described.status, 'SUCCEEDED');
    assert.equal(described.output, '"woke"');
  });

  it("says so in the console's header", async () => {
    await h.page.goto(h.server.url);
    const badge = h.page.getByTestId('time-scale');
    await badge.waitFor({ timeout: 30_000 });
    assert.match((await badge.textContent()) ?? '', /Time scale 0: Waits and retry back-offs end at once/);
    await h.shot('time-scale-header', { fullPage: false });
  });

  it('shows no notice on a server without the option', async () => {
    const plain = await startServer();
    try {
      const page = await h.browser.newPage();
      const answered = page.waitForResponse((response) => response.url().endsWith('/console/api/server'));
      await page.goto(plain.url);
      await answered;
      await page.locator('.topbar-note').waitFor({ timeout: 30_000 });
      const info = (await (await fetch(`${plain.url}/console/api/server`)).json()) as unknown;
      assert.deepEqual(info, { waitTimeScale: 1 });
      assert.equal(await page.getByTestId('time-scale').count(), 0);
      await page.close();
    } finally {
      await plain.stop();
    }
  });
});
