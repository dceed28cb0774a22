// open-executions: 100,000 executions each waiting on a `.waitForTaskToken` Task of a real server, then all
// completed through SendTaskSuccess. The Task calls a local function that writes its token to a file,
// as a worker handed the token would. Reports the server's RSS and database size with all waiting, and
// the rates of parking and completing. Until the server has SendTaskSuccess, it says so and moves on.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Figure } from '../figures.ts';
import {
  ApiCallError,
  ApiClient,
  countExecutions,
  pool,
  startServer,
  untilNoneRunning,
  type BenchServer,
} from '../server.ts';
import { WrongResultError, type Workload, type WorkloadOptions } from '../workload.ts';
import { createMachine } from './http-start.ts';

const concurrency = 32;

export const parkedDefinition = {
  StartAt: 'Park',
  States: {
    Park: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'park', Payload: { 'token.$': '$$.Task.Token', 'id.$': '$.id' } },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

/** The local function: hands its token over by appending it to tokens.txt, beside the functions folder. */
const parkFunction = `import { appendFileSync } from 'node:fs';
const file = new URL('../tokens.txt', import.meta.url);
export const handler = async (event) => {
  appendFileSync(file, event.token + '\\n');
  return {};
};
`;

export const openExecutions: Workload = {
  name: 'open-executions',
  run: async (options) => {
    const count = options.size === 'full' ? (options.openExecutions ?? 100_000) : 10;
    const folder = mkdtempSync(join(tmpdir(), 'stepwise-bench-functions-'));
    mkdirSync(join(folder, 'functions'));
    writeFileSync(join(folder, 'functions', 'park.mjs'), parkFunction);
    writeFileSync(join(folder, 'tokens.txt'), '');
    const server = await startServer(['--functions', join(folder, 'functions')]);
    const client = new ApiClient(server.url, concurrency);
    try {
      const missing = await missingCallbacks(client);
      if (missing !== undefined) return unavailable(missing);
      return await park(server, client, join(folder, 'tokens.txt'), count, options);
    } finally {
      client.close();
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

/** Why the workload cannot run yet, or undefined when the server answers SendTaskSuccess. */
async function missingCallbacks(client: ApiClient): Promise<string | undefined> {
  try {
    await client.call('SendTaskSuccess', { taskToken: 'bench-probe', output: '{}' });
  } catch (error) {
    if (error instanceof ApiCallError && error.type === 'UnknownOperationException') {
      return 'not available yet (SendTaskSuccess)';
    }
  }
  return undefined;
}

function unavailable(note: string): Figure[] {
  return [
    {
      workload: 'open-executions',
      metric: 'server RSS MiB, all waiting',
      better: 'lower',
      note,
      target: { kind: 'atMost', value: 300 },
    },
  ];
}

async function park(
  server: BenchServer,
  client: ApiClient,
  tokensFile: string,
  count: number,
  options: WorkloadOptions,
): Promise<Figure[]> {
  const arn = await createMachine(client, 'parked', 'STANDARD', parkedDefinition);
  const tokens = (): string[] =>
    readFileSync(tokensFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
  const rssBefore = server.rssMiB();
  const started = performance.now();
  await pool(count, concurrency, async (i) => {
    await client.call('StartExecution', { stateMachineArn: arn, name: `open-${i}`, input: JSON.stringify({ id: i }) });
  });
  // Every token passes through a local function (two at a time by default): about 100 a second here.
  const deadline = Date.now() + 3_600_000;
  while (tokens().length < count) {
    if (Date.now() > deadline)
      throw new WrongResultError('stepwise', 'open-executions', `${tokens().length} of ${count} tokens arrived`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const parkSeconds = (performance.now() - started) / 1000;
  const rss = server.rssMiB();
  const db = server.databaseMiB();
  options.log(
    `open-executions: ${count} waiting, RSS ${rss.toFixed(0)} MiB (${rssBefore.toFixed(0)} before), DB ${db.toFixed(0)} MiB`,
  );
  const all = tokens();
  const completing = performance.now();
  await pool(all.length, concurrency, async (i) => {
    await client.call('SendTaskSuccess', { taskToken: all[i], output: JSON.stringify({ done: i }) });
  });
  await untilNoneRunning(client, arn);
  const completeSeconds = (performance.now() - completing) / 1000;
  const succeeded = await countExecutions(client, arn, 'SUCCEEDED');
  if (succeeded !== count)
    throw new WrongResultError('stepwise', 'open-executions', `${succeeded} of ${count} succeeded`);
  const note = `${count} waiting`;
  return [
    {
      workload: 'open-executions',
      metric: 'server RSS MiB, all waiting',
      better: 'lower',
      stepwise: rss,
      target: { kind: 'atMost', value: 300 },
      note,
    },
    { workload: 'open-executions', metric: 'database MiB, all waiting', better: 'lower', stepwise: db, note },
    {
      workload: 'open-executions',
      metric: 'executions parked/s',
      better: 'higher',
      stepwise: count / parkSeconds,
      note,
    },
    {
      workload: 'open-executions',
      metric: 'SendTaskSuccess completed/s',
      better: 'higher',
      stepwise: count / completeSeconds,
      note,
    },
  ];
}
