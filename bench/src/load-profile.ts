// Why is StartExecution's p99 slow under load? One load-200 run against one server (this checkout's, or the old
// commit load-ab extracted), optionally beside CPU burners, with what the server saw (load-profile-hooks.ts:
// CPU profile, event-loop delay and GC per second, accepted connections, requests over a second) and what the
// clients saw: each slow start with when it was sent, each socket's connect, a cheap read every 200 ms.
//
//   npx tsx bench/src/load-profile.ts [--which new|old] [--burners N] [--seconds S] [--out DIR]

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runLoad, type LoadResult } from 'stepwise/testing';
import { quantile } from './figures.ts';
import { ApiClient, startServer, type BenchServer } from './server.ts';
import { createMachine, standardDefinition } from './workloads/http-start.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Client side: when each socket asked to connect and when it was connected (epoch ms). */
const connects: [number, number][] = [];
// eslint-disable-next-line @typescript-eslint/unbound-method
const connect = Socket.prototype.connect;
Socket.prototype.connect = function (this: Socket, ...args: unknown[]): Socket {
  const asked = Date.now();
  this.once('connect', () => connects.push([asked, Date.now()]));
  return (connect as (...a: unknown[]) => Socket).apply(this, args);
};

/** The server with the hooks loaded (tsx first: the hooks are TypeScript, and the old tree runs from source). */
async function startHooked(which: string, out: string): Promise<BenchServer> {
  const binary =
    which === 'old'
      ? join(root, 'node_modules/.cache/stepwise-load-ab/1e1b7da/packages/server/bin/stepwise.js')
      : join(root, 'packages/server/bin/stepwise.js');
  const hooks = fileURLToPath(new URL('./load-profile-hooks.ts', import.meta.url));
  process.env.NODE_OPTIONS = `--import=tsx --import=${hooks}`;
  process.env.PROFILE_DIR = out;
  try {
    return await startServer([], binary);
  } finally {
    delete process.env.NODE_OPTIONS;
    delete process.env.PROFILE_DIR;
  }
}

/** Every 200 ms a ListStateMachines beside the load, for `seconds`: "when (s) took (ms)" lines. */
async function probe(client: ApiClient, seconds: number): Promise<string[]> {
  const lines: string[] = [];
  const began = performance.now();
  while (performance.now() - began < seconds * 1000) {
    const started = performance.now();
    await client.call('ListStateMachines', {});
    lines.push(`${((started - began) / 1000).toFixed(1)} s: ${(performance.now() - started).toFixed(0)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return lines;
}

function summary(which: string, result: LoadResult, cpuSeconds: number): string {
  const latencies = result.startLatencies;
  const errors = [...result.errors.values()].reduce((a, b) => a + b, 0);
  const figures = [
    `p50 ${quantile(latencies, 0.5).toFixed(0)} ms`,
    `p99 ${quantile(latencies, 0.99).toFixed(0)} ms`,
    `max ${Math.max(...latencies).toFixed(0)} ms`,
    `${String(latencies.length)} starts`,
    `${String(errors)} errors`,
    `server CPU ${cpuSeconds.toFixed(1)} s (${((cpuSeconds * 1000) / latencies.length).toFixed(2)} ms a start)`,
    `load ${(loadavg()[0] ?? 0).toFixed(1)}`,
  ];
  return `${which}: ${figures.join(', ')}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      which: { type: 'string' },
      burners: { type: 'string' },
      seconds: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const which = values.which ?? 'new';
  const seconds = Number(values.seconds ?? '30');
  const out = values.out ?? join(tmpdir(), `stepwise-load-profile-${which}`);
  mkdirSync(out, { recursive: true });
  const burners: ChildProcess[] = [];
  for (let i = 0; i < Number(values.burners ?? '0'); i++)
    burners.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  let server: BenchServer | undefined;
  try {
    server = await startHooked(which, out);
    const client = new ApiClient(server.url, 1);
    const stateMachineArn = await createMachine(client, 'load', 'STANDARD', standardDefinition);
    const [cpuBefore, began] = [server.cpuSeconds(), Date.now()];
    process.kill(server.pid, 'SIGUSR2');
    const [result, probes] = await Promise.all([
      runLoad({ url: server.url, stateMachineArn, clients: 200, seconds }),
      probe(client, seconds),
    ]);
    process.kill(server.pid, 'SIGUSR2');
    const line = summary(which, result, server.cpuSeconds() - cpuBefore);
    client.close();
    process.stdout.write(`${line}\n`);
    const slow = result.startLatencies.flatMap((ms, i) =>
      ms > 3000
        ? [`sent at ${((result.startTimes[i] ?? 0) / 1000).toFixed(1)} s, answered in ${ms.toFixed(0)} ms`]
        : [],
    );
    const sockets = connects.map(([asked, connected]) => `${String(asked - began)} ${String(connected - began)}`);
    writeFileSync(
      join(out, 'summary.txt'),
      [line, `load began ${String(began)}`, ...probes, 'slow:', ...slow, ''].join('\n'),
    );
    writeFileSync(join(out, 'connects.txt'), `${sockets.join('\n')}\n`);
    // The hooks write their files on the second signal.
    await new Promise((resolve) => setTimeout(resolve, 3000));
  } finally {
    await server?.stop();
    for (const burner of burners) burner.kill('SIGKILL');
  }
}

await main();
