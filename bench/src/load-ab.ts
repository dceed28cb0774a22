// Issue 14's Done-when, "p99 StartExecution within 2x of today's in the same run": the load-200 run
// (200 keep-alive clients, StartExecution then DescribeExecution, 30 s) against an old commit's server
// and this checkout's, alternating (old first on even repeats), a fresh server and data directory each
// time. The old commit is extracted to a directory of its own whose node_modules links to this
// checkout's, except its own workspace packages.
//
//   npx tsx bench/src/load-ab.ts [--old COMMIT] [--repeats N] [--seconds S] [--clients C]

import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runLoad } from 'stepwise/testing';
import { median, quantile } from './figures.ts';
import { oldBinary } from './old-tree.ts';
import { ApiClient, startServer } from './server.ts';
import { createMachine, standardDefinition } from './workloads/http-start.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** One load run against a fresh server of `binary`: its StartExecution latencies and error count. */
async function loadOnce(
  binary: string,
  clients: number,
  seconds: number,
): Promise<{ p99: number; p50: number; laterP99: number; errors: number; starts: number }> {
  const server = await startServer([], binary);
  const client = new ApiClient(server.url, 1);
  try {
    const stateMachineArn = await createMachine(client, 'load', 'STANDARD', standardDefinition);
    const result = await runLoad({ url: server.url, stateMachineArn, clients, seconds });
    const errors = [...result.errors.values()].reduce((sum, count) => sum + count, 0);
    const latencies = result.startLatencies;
    const laterP99 = quantile(result.laterStartLatencies, 0.99);
    return {
      p99: quantile(latencies, 0.99),
      p50: quantile(latencies, 0.5),
      laterP99,
      errors,
      starts: latencies.length,
    };
  } finally {
    client.close();
    await server.stop();
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      old: { type: 'string' },
      repeats: { type: 'string' },
      seconds: { type: 'string' },
      clients: { type: 'string' },
    },
  });
  const commit = values.old ?? '1e1b7da';
  const repeats = Number(values.repeats ?? '3');
  const seconds = Number(values.seconds ?? '30');
  const clients = Number(values.clients ?? '200');
  const binaries = { old: oldBinary(commit), new: join(root, 'packages', 'server', 'bin', 'stepwise.js') };
  const p99s = { old: [] as number[], new: [] as number[] };
  const laterP99s = { old: [] as number[], new: [] as number[] };
  say(
    `load-200 A/B: ${commit} (old) vs this checkout (new), ${String(clients)} clients, ${String(seconds)} s, ${String(repeats)} repeats`,
  );
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const which of repeat % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const)) {
      const run = await loadOnce(binaries[which], clients, seconds);
      p99s[which].push(run.p99);
      laterP99s[which].push(run.laterP99);
      const figures = `p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms (after the first call ${run.laterP99.toFixed(1)} ms), ${String(run.starts)} starts, ${String(run.errors)} errors`;
      say(`repeat ${String(repeat + 1)} ${which}: ${figures}, load ${(loadavg()[0] ?? 0).toFixed(1)}`);
    }
  }
  const laterRatio = median(laterP99s.new) / median(laterP99s.old);
  say(
    `median p99 after each client's first call (its connection accepted): old ${median(laterP99s.old).toFixed(1)} ms, new ${median(laterP99s.new).toFixed(1)} ms, new/old ${laterRatio.toFixed(2)}`,
  );
  const ratio = median(p99s.new) / median(p99s.old);
  say(
    `median p99: old ${median(p99s.old).toFixed(1)} ms, new ${median(p99s.new).toFixed(1)} ms, new/old ${ratio.toFixed(2)}`,
  );
}

await main();
