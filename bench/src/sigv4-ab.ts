// Issue 20's SigV4 cost, old code against new in one run. First the verifier alone, in this process: an old
// commit's `verifySigV4` and this checkout's take turns over the same pre-signed requests (CPU µs and JS heap
// bytes per check). Then whole servers: the old commit's and this checkout's `serve`, each unsigned and with
// --auth, take the same http-start run in turns (the order rotating every repeat), giving each code's signed
// share of unsigned per server CPU-second and per wall-clock second, and new signed against old signed.
//
//   npx tsx bench/src/sigv4-ab.ts [--old COMMIT] [--repeats N] [--executions N] [--verify-only]

import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median, quantile } from './figures.ts';
import { oldBinary, oldTree } from './old-tree.ts';
import { ApiClient, startServer, type BenchServer } from './server.ts';
import { startSignedServer } from './signed-server.ts';
import { verifyCosts, type VerifyModule } from './sigv4-verify-costs.ts';
import { createMachine, standardDefinition, startMany } from './workloads/http-start.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const verifier = 'packages/server/src/http/sigv4-verify.ts';
const concurrency = 32;

interface Side {
  name: string;
  server: BenchServer;
  client: ApiClient;
  arn: string;
  cpuRates: number[];
  wallRates: number[];
  stop(): Promise<void>;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function spread(values: number[], digits = 1): string {
  const f = (v: number) => v.toFixed(digits);
  return `median ${f(median(values))} (quartiles ${f(quantile(values, 0.25))}-${f(quantile(values, 0.75))}; ${values.map(f).join(', ')})`;
}

async function side(name: string, binary: string, signed: boolean): Promise<Side> {
  const started = signed
    ? await startSignedServer(concurrency, binary)
    : await (async () => {
        const server = await startServer([], binary);
        const client = new ApiClient(server.url, concurrency);
        const stop = async (): Promise<void> => {
          client.close();
          await server.stop();
        };
        return { server, client, stop };
      })();
  const arn = await createMachine(started.client, 'ab', 'STANDARD', standardDefinition);
  await startMany(started.client, arn, 'warm', 500);
  return { name, ...started, arn, cpuRates: [], wallRates: [] };
}

async function timedRun(s: Side, prefix: string, executions: number): Promise<void> {
  const cpu = s.server.cpuSeconds();
  const wall = await startMany(s.client, s.arn, prefix, executions);
  s.cpuRates.push(executions / (s.server.cpuSeconds() - cpu));
  s.wallRates.push(executions / wall);
}

/** Each code's signed share of its unsigned, pair by pair; and new against old, signed and unsigned. */
function report(sides: Side[], loads: number[]): void {
  const [oldOpen, oldSigned, newOpen, newSigned] = sides as [Side, Side, Side, Side];
  const ratios = (a: number[], b: number[]) => a.map((value, i) => (value / (b[i] ?? Number.NaN)) * 100);
  for (const [code, open, signed] of [
    ['old', oldOpen, oldSigned],
    ['new', newOpen, newSigned],
  ] as const) {
    say(`${code}: signed % of unsigned per server CPU-s ${spread(ratios(signed.cpuRates, open.cpuRates))}`);
    say(`${code}: signed % of unsigned per wall-clock s ${spread(ratios(signed.wallRates, open.wallRates))}`);
  }
  say(`new signed % of old signed per server CPU-s ${spread(ratios(newSigned.cpuRates, oldSigned.cpuRates))}`);
  say(`new unsigned % of old unsigned per server CPU-s ${spread(ratios(newOpen.cpuRates, oldOpen.cpuRates))}`);
  say(`load average ${spread(loads)}`);
}

async function servers(commit: string, repeats: number, executions: number): Promise<void> {
  const newBinary = join(root, 'packages', 'server', 'bin', 'stepwise.js');
  const sides: Side[] = [];
  try {
    for (const [name, binary, signed] of [
      ['old unsigned', oldBinary(commit), false],
      ['old signed', oldBinary(commit), true],
      ['new unsigned', newBinary, false],
      ['new signed', newBinary, true],
    ] as const)
      sides.push(await side(name, binary, signed));
    const loads: number[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      // The order rotates, so that each side goes first, second, ... as often as the others over 4 repeats.
      for (let i = 0; i < sides.length; i++) {
        const s = sides[(repeat + i) % sides.length] as Side;
        await timedRun(s, `r${String(repeat)}`, executions);
      }
      loads.push(loadavg()[0] ?? 0);
      const line = sides.map((s) => `${s.name} ${Math.round(s.cpuRates.at(-1) ?? 0)}/CPU-s`).join(', ');
      say(`repeat ${String(repeat + 1)}: ${line}; load ${(loads.at(-1) ?? 0).toFixed(1)}`);
    }
    report(sides, loads);
  } finally {
    for (const s of sides) await s.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      old: { type: 'string', default: '2bf086f' },
      repeats: { type: 'string', default: '8' },
      executions: { type: 'string', default: '20000' },
      'verify-only': { type: 'boolean', default: false },
    },
  });
  const commit = values.old;
  const repeats = Number(values.repeats);
  const executions = Number(values.executions);
  if (!(repeats >= 1) || !(executions >= 1)) throw new Error('--repeats and --executions must be positive');
  const load = async (dir: string) => (await import(pathToFileURL(join(dir, verifier)).href)) as VerifyModule;
  say(`SigV4 A/B: ${commit} (old) vs this checkout (new), load ${(loadavg()[0] ?? 0).toFixed(1)}`);
  const costs = await verifyCosts({ old: await load(oldTree(commit)), new: await load(root) }, repeats);
  say(`verifySigV4 CPU µs per check: old ${spread(costs.old.micros, 2)}; new ${spread(costs.new.micros, 2)}`);
  say(`verifySigV4 JS heap bytes per check: old ${spread(costs.old.bytes, 0)}; new ${spread(costs.new.bytes, 0)}`);
  if (!values['verify-only']) await servers(commit, repeats, executions);
}

await main();
