// The signed and unsigned servers' on-CPU samples under the same http-start calls, symbol by symbol: perf's
// cpu-clock counts only time on a CPU, so a busy machine's preemptions are not charged to whatever ran last
// (V8's own profiler charges them). Needs `perf` (Debian linux-perf) and root or perf_event_paranoid <= 1.
//
//   npx tsx bench/src/sigv4-perf.ts [--rounds N] [--executions N] [--top N]

import { spawn } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiClient, startServer, type BenchServer } from './server.ts';
import { startSignedServer } from './signed-server.ts';
import { createMachine, standardDefinition, startMany } from './workloads/http-start.ts';
import { perfSamplesByPid } from './perf-samples.ts';

const hertz = 4000;

interface Side {
  name: string;
  server: BenchServer;
  client: ApiClient;
  arn: string;
  stop(): Promise<void>;
}

function report(sides: Side[], data: string, executions: number, top: number): void {
  const byPid = perfSamplesByPid(data);
  const [unsigned, signed] = sides.map((side) => byPid.get(String(side.server.pid)) ?? new Map<string, number>());
  const us = (samples: number): string => ((samples * 1e6) / hertz / executions).toFixed(2).padStart(7);
  const sum = (map: Map<string, number> | undefined): number => [...(map?.values() ?? [])].reduce((a, b) => a + b, 0);
  process.stdout.write(`main thread, µs per execution: unsigned ${us(sum(unsigned))}, signed ${us(sum(signed))}\n`);
  process.stdout.write('difference, unsigned, signed (µs per execution), symbol\n');
  const names = new Set([...(unsigned?.keys() ?? []), ...(signed?.keys() ?? [])]);
  const delta = (name: string): number => (signed?.get(name) ?? 0) - (unsigned?.get(name) ?? 0);
  const rows = [...names].sort((a, b) => Math.abs(delta(b)) - Math.abs(delta(a))).slice(0, top);
  for (const name of rows) {
    const line = `${us(delta(name))} ${us(unsigned?.get(name) ?? 0)} ${us(signed?.get(name) ?? 0)}  ${name}`;
    process.stdout.write(`${line.slice(0, 160)}\n`);
  }
}

async function startSides(): Promise<Side[]> {
  // perf finds the names of V8's compiled functions in /tmp/perf-PID.map.
  process.env.NODE_OPTIONS = '--perf-basic-prof-only-functions';
  try {
    const server = await startServer();
    const client = new ApiClient(server.url, 32);
    const signed = await startSignedServer(32);
    const arn = await createMachine(client, 'perf', 'STANDARD', standardDefinition);
    const signedArn = await createMachine(signed.client, 'perf', 'STANDARD', standardDefinition);
    return [
      {
        ...{ name: 'unsigned', server, client, arn },
        stop: async () => {
          client.close();
          await server.stop();
        },
      },
      { name: 'signed', server: signed.server, client: signed.client, arn: signedArn, stop: () => signed.stop() },
    ];
  } finally {
    delete process.env.NODE_OPTIONS;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '4' },
      executions: { type: 'string', default: '5000' },
      top: { type: 'string', default: '40' },
    },
  });
  const [rounds, executions] = [Number(values.rounds), Number(values.executions)];
  const data = join(tmpdir(), 'stepwise-sigv4-perf.data');
  const sides = await startSides();
  try {
    for (const side of sides) await startMany(side.client, side.arn, 'warm', 1000);
    const pids = sides.map((side) => String(side.server.pid)).join(',');
    const perf = spawn('perf', ['record', '-e', 'cpu-clock', '-F', String(hertz), '-o', data, '-p', pids], {
      stdio: 'ignore',
    });
    const ended = new Promise((resolve) => perf.once('exit', resolve));
    for (let round = 0; round < rounds; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        await startMany(side.client, side.arn, `r${String(round)}`, executions);
      }
    }
    perf.kill('SIGINT');
    await ended;
    process.stdout.write(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
    report(sides, data, rounds * executions, Number(values.top));
  } finally {
    for (const side of sides) await side.stop();
  }
}

await main();
