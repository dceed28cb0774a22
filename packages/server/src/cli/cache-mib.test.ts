// `serve --cache-mib N` through the command line: the budget reaches both runtimes (read back from /metrics),
// executions run under it, and a budget that is not a whole number of MiB is a usage error naming the flag.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { spawnServe, type ServeProcess } from '../testing/serve-process.ts';
import { cli, callApi as call } from './cli-test-calls.ts';

const binary = fileURLToPath(new URL('../../bin/stepwise.js', import.meta.url));

describe('serve --cache-mib 3', () => {
  let dir: string;
  let server: ServeProcess;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-cache-'));
    server = await spawnServe(binary, join(dir, 'data'), ['--cache-mib', '3']);
  });

  after(async () => {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives each runtime a cache of 3 MiB, shown by /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const budgets = [...text.matchAll(/^stepwise_execution_cache_budget_bytes\{[^}]*type="(\w+)"[^}]*\} (\d+)$/gm)];
    assert.deepEqual(
      budgets.map((match) => [match[1], Number(match[2])]).sort(),
      [
        ['EXPRESS', 3 * 1024 * 1024],
        ['STANDARD', 3 * 1024 * 1024],
      ],
      text,
    );
  });

  it('runs an execution to its end under that budget', async () => {
    const definition = {
      StartAt: 'Wait',
      States: { Wait: { Type: 'Wait', Seconds: 0, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
    };
    const roleArn = 'arn:aws:iam::123456789012:role/stepwise';
    const created = await call(server.url, 'CreateStateMachine', {
      ...{ name: 'cached', roleArn, definition: JSON.stringify(definition) },
    });
    const started = await call(server.url, 'StartExecution', {
      stateMachineArn: created.stateMachineArn,
      input: '{"kept":true}',
    });
    for (;;) {
      const described = await call(server.url, 'DescribeExecution', { executionArn: started.executionArn });
      if (described.status === 'RUNNING') {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      assert.equal(described.status, 'SUCCEEDED', JSON.stringify(described));
      assert.equal(described.output, '{"kept":true}');
      return;
    }
  });
});

it('refuses a --cache-mib that is not a whole number of MiB, naming the flag, with exit code 2', async () => {
  for (const bad of ['-1', '1.5', 'lots', '', '2000000']) {
    const result = await cli('serve', '--cache-mib', bad);
    assert.equal(result.code, 2, bad);
    assert.match(
      result.err,
      new RegExp(`--cache-mib must be a whole number of MiB from 0 \\(no cache\\) to 1048576, not '${bad}'`),
    );
    assert.equal(result.out, '');
  }
});

it('serve --help describes --cache-mib', async () => {
  const result = await cli('serve', '--help');
  assert.equal(result.code, 0);
  assert.match(result.out, /\[--cache-mib 64\]/);
  assert.match(result.out, /--cache-mib N: memory for the states of running executions/);
});
