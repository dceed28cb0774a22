// Where does `serve --auth` spend what an open server does not? One unsigned and one signed server (with the
// load-profile hooks: a CPU profile between two SIGUSR2, GC per second) take the same http-start calls in turns;
// the two profiles are then compared function by function (self and total time per execution), with GC counts.
//
//   npx tsx bench/src/sigv4-profile.ts [--rounds N] [--executions N] [--out DIR] [--top N]

import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ApiClient, startServer, type BenchServer } from './server.ts';
import { startSignedServer } from './signed-server.ts';
import { createMachine, standardDefinition, startMany } from './workloads/http-start.ts';
import { profileCosts, type FunctionCost } from './cpu-profile-costs.ts';

const hooks = fileURLToPath(new URL('./load-profile-hooks.ts', import.meta.url));
const concurrency = 32;

interface Side {
  name: string;
  server: BenchServer;
  client: ApiClient;
  arn: string;
  dir: string;
  cpu: number;
  stop(): Promise<void>;
}

/** Starts a server with the hooks loaded (NODE_OPTIONS is read by the child only). */
async function hooked<T>(dir: string, start: () => Promise<T>): Promise<T> {
  mkdirSync(dir, { recursive: true });
  process.env.NODE_OPTIONS = `--import=tsx --import=${hooks}`;
  process.env.PROFILE_DIR = dir;
  try {
    return await start();
  } finally {
    delete process.env.NODE_OPTIONS;
    delete process.env.PROFILE_DIR;
  }
}

async function sides(out: string): Promise<Side[]> {
  const unsignedDir = join(out, 'unsigned');
  const server = await hooked(unsignedDir, () => startServer());
  const client = new ApiClient(server.url, concurrency);
  const signedDir = join(out, 'signed');
  const signed = await hooked(signedDir, () => startSignedServer(concurrency));
  const make = async (name: string, dir: string, s: BenchServer, c: ApiClient, stop: () => Promise<void>) => ({
    name,
    server: s,
    client: c,
    dir,
    cpu: 0,
    stop,
    arn: await createMachine(c, 'profiled', 'STANDARD', standardDefinition),
  });
  return [
    await make('unsigned', unsignedDir, server, client, async () => {
      client.close();
      await server.stop();
    }),
    await make('signed', signedDir, signed.server, signed.client, () => signed.stop()),
  ];
}

function row(name: string, unsigned: FunctionCost | undefined, signed: FunctionCost | undefined): string {
  const us = (cost: FunctionCost | undefined, key: 'selfUs' | 'totalUs') => (cost?.[key] ?? 0).toFixed(2);
  const delta = (signed?.selfUs ?? 0) - (unsigned?.selfUs ?? 0);
  return `${delta.toFixed(2).padStart(7)}  ${us(unsigned, 'selfUs').padStart(7)} ${us(signed, 'selfUs').padStart(7)}  ${us(unsigned, 'totalUs').padStart(7)} ${us(signed, 'totalUs').padStart(7)}  ${name}`;
}

function report(list: Side[], executions: number, top: number): void {
  const costs = list.map((side) => profileCosts(readFileSync(join(side.dir, 'server.cpuprofile'), 'utf8'), executions));
  const [unsigned, signed] = costs as [Map<string, FunctionCost>, Map<string, FunctionCost>];
  const names = new Set([...unsigned.keys(), ...signed.keys()]);
  const rows = [...names]
    .map((name) => ({ name, u: unsigned.get(name), s: signed.get(name) }))
    .sort(
      (a, b) => Math.abs((b.s?.selfUs ?? 0) - (b.u?.selfUs ?? 0)) - Math.abs((a.s?.selfUs ?? 0) - (a.u?.selfUs ?? 0)),
    );
  process.stdout.write('µs per execution: self delta, self unsigned/signed, total unsigned/signed, function\n');
  for (const { name, u, s } of rows.slice(0, top)) process.stdout.write(`${row(name, u, s)}\n`);
  for (const [name, wanted] of [
    ['(total)', '(total)'],
    ['(garbage collector)', '(garbage collector)'],
  ]) {
    process.stdout.write(`${row(name ?? '', unsigned.get(wanted ?? ''), signed.get(wanted ?? ''))}\n`);
  }
}

function gcOf(side: Side): string {
  const lines = readFileSync(join(side.dir, 'event-loop.jsonl'), 'utf8').trim().split('\n');
  const seconds = lines.map((line) => JSON.parse(line) as { gcCount: number; gcMs: number });
  const count = seconds.reduce((sum, s) => sum + s.gcCount, 0);
  const ms = seconds.reduce((sum, s) => sum + s.gcMs, 0);
  return `${side.name}: ${String(count)} GC pauses, ${String(ms)} ms (whole run, warm-up included)`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '4' },
      executions: { type: 'string', default: '5000' },
      out: { type: 'string', default: join(tmpdir(), 'stepwise-sigv4-profile') },
      top: { type: 'string', default: '40' },
    },
  });
  const [rounds, executions] = [Number(values.rounds), Number(values.executions)];
  const list = await sides(values.out);
  try {
    for (const side of list) await startMany(side.client, side.arn, 'warm', 500);
    for (const side of list) process.kill(side.server.pid, 'SIGUSR2');
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? list : [...list].reverse()) {
        const before = side.server.cpuSeconds();
        await startMany(side.client, side.arn, `r${String(round)}`, executions);
        side.cpu += side.server.cpuSeconds() - before;
      }
    }
    for (const side of list) process.kill(side.server.pid, 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const side of list) {
      const perExecution = (side.cpu * 1e6) / (rounds * executions);
      process.stdout.write(`${side.name}: ${perExecution.toFixed(0)} µs of server CPU per execution (/proc)\n`);
      process.stdout.write(`${gcOf(side)}\n`);
    }
    process.stdout.write(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
    report(list, rounds * executions, Number(values.top));
  } finally {
    for (const side of list) await side.stop();
  }
}

await main();
