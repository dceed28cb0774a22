// http-start: a real server on loopback. StartExecution of a 5-state Standard machine from many
// concurrent keep-alive clients: executions started and completed per second. StartSyncExecution of a
// 3-state Express machine, one call at a time: p50 and p99 latency.

import { loadavg } from 'node:os';
import { median, quantile, type Figure } from '../figures.ts';
import { ApiClient, countExecutions, pool, roleArn, startServer, untilNoneRunning } from '../server.ts';
import { heldUnit, signedShares } from '../signed-share.ts';
import { startSignedServer } from '../signed-server.ts';
import { WrongResultError, type Workload } from '../workload.ts';

const cpuTickSeconds = 0.01;

export const standardDefinition = {
  StartAt: 'Receive',
  States: {
    Receive: { Type: 'Pass', Parameters: { 'id.$': '$.id', status: 'new' }, Next: 'Route' },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.status', StringEquals: 'new', Next: 'Accept' }],
      Default: 'Accept',
    },
    Accept: { Type: 'Pass', Result: 'accepted', ResultPath: '$.status', Next: 'Stamp' },
    Stamp: { Type: 'Pass', Parameters: { 'id.$': '$.id', 'status.$': '$.status' }, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

export const expressDefinition = {
  StartAt: 'Read',
  States: {
    Read: { Type: 'Pass', Parameters: { 'value.$': '$.value' }, Next: 'Mark' },
    Mark: { Type: 'Pass', Result: true, ResultPath: '$.seen', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

const concurrency = 32;

export const httpStart: Workload = {
  name: 'http-start',
  run: async (options) => {
    const server = await startServer();
    const client = new ApiClient(server.url, concurrency);
    // The same workload against `serve --auth` with every call signed, interleaved so both see the same machine.
    const signed = await startSignedServer(concurrency);
    try {
      const rates: number[] = [];
      const signedRates: number[] = [];
      const p50s: number[] = [];
      const p99s: number[] = [];
      const standardArn = await createMachine(client, 'http-standard', 'STANDARD', standardDefinition);
      const expressArn = await createMachine(client, 'http-express', 'EXPRESS', expressDefinition);
      // 20,000 a run (about 3 s of server CPU each side, quiet): at 5,000 the signed/unsigned pairs scattered
      // from 70 to 103 %, too wide for a 10 % budget to be read off nine of them.
      const executions = options.size === 'full' ? 20_000 : 10;
      const calls = options.size === 'full' ? 2000 : 10;
      const signedArn = await createMachine(signed.client, 'http-standard', 'STANDARD', standardDefinition);
      const signedExpressArn = await createMachine(signed.client, 'http-express', 'EXPRESS', expressDefinition);
      // Both servers do the same work between their timed runs (warm-up, then the sync calls of each repeat),
      // so that neither is warmer, or holds more, when its throughput is taken.
      await startMany(client, standardArn, 'warm', options.size === 'full' ? 500 : 2);
      await startMany(signed.client, signedArn, 'warm', options.size === 'full' ? 500 : 2);
      await syncLatencies(client, expressArn, options.size === 'full' ? 200 : 2);
      await syncLatencies(signed.client, signedExpressArn, options.size === 'full' ? 200 : 2);
      const wallSeconds: number[] = [];
      const signedWallSeconds: number[] = [];
      const loads: number[] = [];
      for (let repeat = 0; repeat < options.repeats; repeat++) {
        // The two servers take turns going first (ABBA), so a drift in the machine's load favours neither.
        const unsignedRun = async (): Promise<void> => {
          const cpuBefore = server.cpuSeconds();
          wallSeconds.push(await startMany(client, standardArn, `r${repeat}`, executions));
          // /proc counts CPU in 10 ms ticks: a run that short (the smoke size) may read as no time at all.
          rates.push(executions / Math.max(server.cpuSeconds() - cpuBefore, cpuTickSeconds));
        };
        const signedRun = async (): Promise<void> => {
          const signedCpu = signed.server.cpuSeconds();
          signedWallSeconds.push(await startMany(signed.client, signedArn, `r${repeat}`, executions));
          signedRates.push(executions / Math.max(signed.server.cpuSeconds() - signedCpu, cpuTickSeconds));
        };
        for (const run of repeat % 2 === 0 ? [unsignedRun, signedRun] : [signedRun, unsignedRun]) await run();
        loads.push(loadavg()[0] ?? 0);
        const seconds = wallSeconds.at(-1) ?? 0;
        const latencies = await syncLatencies(client, expressArn, calls);
        await syncLatencies(signed.client, signedExpressArn, calls);
        p50s.push(quantile(latencies, 0.5));
        p99s.push(quantile(latencies, 0.99));
        options.log(
          `http-start: ${Math.round(rates.at(-1) ?? 0)} executions per server CPU-second (${executions} in ${seconds.toFixed(2)} s wall), ${Math.round(signedRates.at(-1) ?? 0)} signed (--auth, ${(signedWallSeconds.at(-1) ?? 0).toFixed(2)} s wall); ${pairLine(rates, signedRates, wallSeconds, signedWallSeconds)}, load ${(loads.at(-1) ?? 0).toFixed(1)}; sync p50 ${p50s.at(-1)?.toFixed(2)} ms, p99 ${p99s.at(-1)?.toFixed(2)} ms`,
        );
      }
      const total = await countExecutions(client, standardArn, 'SUCCEEDED');
      const expected = (options.size === 'full' ? 500 : 2) + executions * options.repeats;
      if (total !== expected) throw new WrongResultError('stepwise', 'http-start', `${total} of ${expected} succeeded`);
      const signedTotal = await countExecutions(signed.client, signedArn, 'SUCCEEDED');
      if (signedTotal !== expected)
        throw new WrongResultError(
          'stepwise',
          'http-start',
          `${signedTotal} of ${expected} signed executions succeeded`,
        );
      const wallRates = (list: number[]) => list.map((wall) => executions / wall);
      const shares = signedShares(
        { cpu: rates, wall: wallRates(wallSeconds) },
        { cpu: signedRates, wall: wallRates(signedWallSeconds) },
        loads,
      );
      for (const share of shares) options.log(`${share.metric}: median ${share.stepwise?.toFixed(1)} %; ${share.note}`);
      options.log(heldUnit);
      return [...figures({ rates, wallSeconds }, p50s, p99s, executions), ...shares];
    } finally {
      client.close();
      await server.stop();
      await signed.stop();
    }
  },
};

function figures(
  { rates, wallSeconds }: { rates: number[]; wallSeconds: number[] },
  p50s: number[],
  p99s: number[],
  executions: number,
): Figure[] {
  const note = `${concurrency} concurrent keep-alive clients`;
  return [
    {
      workload: 'http-start',
      metric: 'executions started+completed per server CPU-s',
      better: 'higher',
      stepwise: median(rates),
      target: { kind: 'atLeast', value: 2000 },
      samples: { stepwise: rates, wallSeconds },
      note: `${executions} StartExecution, ${note}`,
    },
    {
      workload: 'http-start',
      metric: 'StartSyncExecution p50 ms',
      better: 'lower',
      stepwise: median(p50s),
      target: { kind: 'atMost', value: 1 },
      samples: { stepwise: p50s },
    },
    {
      workload: 'http-start',
      metric: 'StartSyncExecution p99 ms',
      better: 'lower',
      stepwise: median(p99s),
      samples: { stepwise: p99s },
    },
  ];
}

/** This repeat's pair: signed as a percentage of unsigned, per server CPU-second and per wall-clock second. */
function pairLine(rates: number[], signedRates: number[], wall: number[], signedWall: number[]): string {
  const cpu = ((signedRates.at(-1) ?? 0) / (rates.at(-1) ?? 1)) * 100;
  // Per wall-clock second the ratio of rates is the inverse ratio of times.
  const byWall = ((wall.at(-1) ?? 0) / (signedWall.at(-1) ?? 1)) * 100;
  return `signed ${cpu.toFixed(1)} % of unsigned per server CPU-s, ${byWall.toFixed(1)} % per wall-clock s`;
}

export async function createMachine(
  client: ApiClient,
  name: string,
  type: string,
  definition: object,
): Promise<string> {
  const created = await client.call<{ stateMachineArn: string }>('CreateStateMachine', {
    name,
    type,
    roleArn,
    definition: JSON.stringify(definition),
  });
  return created.stateMachineArn;
}

/**
 * Seconds from the first StartExecution until none of them is RUNNING. The calls are prepared (and signed)
 * first, so that the signed and unsigned runs reach the server at the same pace.
 */
export async function startMany(
  client: ApiClient,
  stateMachineArn: string,
  prefix: string,
  count: number,
): Promise<number> {
  const calls = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      client.prepare('StartExecution', { stateMachineArn, name: `${prefix}-${i}`, input: JSON.stringify({ id: i }) }),
    ),
  );
  const started = performance.now();
  await pool(count, concurrency, async (i) => {
    const call = calls[i];
    if (call !== undefined) await client.sendPrepared(call);
  });
  await untilNoneRunning(client, stateMachineArn);
  return (performance.now() - started) / 1000;
}

/** Milliseconds per StartSyncExecution, one call at a time; every output is checked. */
async function syncLatencies(client: ApiClient, stateMachineArn: string, calls: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    const result = await client.call<{ status: string; output?: string }>('StartSyncExecution', {
      stateMachineArn,
      input: JSON.stringify({ value: i }),
    });
    latencies.push(performance.now() - started);
    if (result.status !== 'SUCCEEDED' || result.output !== JSON.stringify({ value: i, seen: true })) {
      throw new WrongResultError('stepwise', 'http-start', `StartSyncExecution gave ${JSON.stringify(result)}`);
    }
  }
  return latencies;
}
