// Fault probe: 200 concurrent keep-alive clients for 30 s, each looping StartExecution then DescribeExecution
// (issue 14's load run), then the same for 15 s with the server stalled for 7 s in the middle, as a loaded host
// or a long pause stalls it. Every call must be answered: no error, no reset connection, and every
// acknowledged execution exists afterwards. Latency is reported, never asserted.
// test-group: serial (it drives 200 clients and wants the CPU; see scripts/run-tests.ts)

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { runLoad, type LoadResult } from 'stepwise/testing';
import { createMachine, eventually, sfnClient } from '../api/sfn-client.ts';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { report } from './probe.ts';

const definition = {
  StartAt: 'Receive',
  States: {
    Receive: { Type: 'Pass', Parameters: { 'client.$': '$.client' }, Next: 'Stamp' },
    Stamp: { Type: 'Pass', Result: 'done', ResultPath: '$.status', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

let server: ServerProcess;
let sfn: SFNClient;

before(async () => {
  server = await startServer();
  sfn = sfnClient(server.url);
});

after(async () => {
  sfn.destroy();
  // A failed stall test must not leave the server stopped.
  process.kill(server.pid, 'SIGCONT');
  assert.equal(await server.stop(), 0);
});

async function countExecutions(stateMachineArn: string): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, nextToken }));
    count += page.executions?.length ?? 0;
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return count;
}

function summary(result: LoadResult): string {
  const sorted = [...result.startLatencies].sort((x, y) => x - y);
  const p99 = sorted[Math.max(0, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN;
  return `${String(sorted.length)} StartExecution, ${String(result.describes)} DescribeExecution; StartExecution p99 ${p99.toFixed(1)} ms`;
}

async function loadRun(name: string, seconds: number, stall?: { afterMs: number; forMs: number }): Promise<void> {
  const stateMachineArn = await createMachine(sfn, name, definition);
  const timers: NodeJS.Timeout[] = [];
  if (stall !== undefined) {
    timers.push(setTimeout(() => process.kill(server.pid, 'SIGSTOP'), stall.afterMs));
    timers.push(setTimeout(() => process.kill(server.pid, 'SIGCONT'), stall.afterMs + stall.forMs));
  }
  let result: LoadResult;
  try {
    result = await runLoad({ url: server.url, stateMachineArn, clients: 200, seconds });
  } finally {
    for (const timer of timers) clearTimeout(timer);
    process.kill(server.pid, 'SIGCONT');
  }
  report(`${name}: ${summary(result)}; errors: ${JSON.stringify([...result.errors])}`);
  assert.deepEqual([...result.errors], []);
  assert.ok(result.startLatencies.length > 0);
  assert.equal(result.describes, result.startLatencies.length);
  const started = result.startLatencies.length;
  await eventually(
    () => countExecutions(stateMachineArn),
    (count) => count === started,
  );
}

describe('200 concurrent clients', { timeout: 180_000 }, () => {
  it('for 30 s: every StartExecution and DescribeExecution is answered, every execution kept', async () => {
    await loadRun('load-30s', 30);
  });

  it('for 15 s with the server stalled 7 s: no connection is reset when it resumes', async () => {
    await loadRun('load-stall', 15, { afterMs: 4000, forMs: 7000 });
  });
});
