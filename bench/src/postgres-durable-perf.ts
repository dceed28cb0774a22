// Where issue 16's CPU goes: perf's on-CPU samples of the durable workload on one PostgreSQL node (the bench's
// cluster, fsync on, synchronous_commit off), Stepwise's process and every PostgreSQL process of the cluster
// apart, symbol by symbol, as a share of each side's samples and in µs per execution. The whole machine is
// sampled (PostgreSQL forks a process per connection); only our pids are counted. Needs `perf` and root or
// perf_event_paranoid <= 1; run under node with perf maps so that V8's compiled functions have names:
//
//   node --perf-basic-prof-only-functions --import tsx bench/src/postgres-durable-perf.ts [--executions N] [--top N]

import { spawn } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgresStore } from 'stepwise';
import { startPostgresCluster } from 'stepwise/testing';
import { runOnce } from './workloads/durable.ts';
import { perfSamplesByPid } from './perf-samples.ts';

const hertz = 999;

/** One side's symbols summed over its pids. */
function sideOf(byPid: Map<string, Map<string, number>>, pids: readonly string[]): Map<string, number> {
  const sum = new Map<string, number>();
  for (const pid of pids) {
    for (const [key, count] of byPid.get(pid) ?? []) sum.set(key, (sum.get(key) ?? 0) + count);
  }
  return sum;
}

function print(name: string, side: Map<string, number>, executions: number, top: number): void {
  const total = [...side.values()].reduce((a, b) => a + b, 0);
  const us = (samples: number): string => ((samples * 1e6) / hertz / executions).toFixed(1).padStart(7);
  process.stdout.write(`\n${name}: ${us(total)} µs per execution; share, µs per execution, symbol\n`);
  for (const [key, count] of [...side.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((100 * count) / total).toFixed(1).padStart(5)} % ${us(count)}  ${key.slice(0, 140)}\n`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { executions: { type: 'string', default: '3000' }, top: { type: 'string', default: '30' } },
  });
  const executions = Number(values.executions);
  const data = join(tmpdir(), 'stepwise-postgres-durable-perf.data');
  const cluster = await startPostgresCluster({ durability: 'machine-recent' });
  try {
    const warm = await openPostgresStore({ url: await cluster.createDatabase('warm') });
    await runOnce(executions, -1, false, [{ store: warm, signals: warm.signals }]).finally(() => warm.close());
    const url = await cluster.createDatabase('perf');
    const store = await openPostgresStore({ url });
    const perf = spawn('perf', ['record', '-e', 'cpu-clock', '-F', String(hertz), '-a', '-o', data], {
      stdio: 'ignore',
    });
    const ended = new Promise((resolve) => perf.once('exit', resolve));
    try {
      await runOnce(executions, 0, false, [{ store, signals: store.signals }]);
      perf.kill('SIGINT');
      await ended;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      // Every process of the cluster: backends, WAL writer, checkpointer, autovacuum (ours only: one cluster).
      const pids = (await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity')).rows.map((row) =>
        String(row.pid),
      );
      await client.end();
      const byPid = perfSamplesByPid(data);
      process.stdout.write(
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\n`,
      );
      print('Stepwise', sideOf(byPid, [String(process.pid)]), executions, Number(values.top));
      print('PostgreSQL', sideOf(byPid, pids), executions, Number(values.top));
    } finally {
      await store.close();
    }
  } finally {
    await cluster.stop();
  }
}

await main();
