// Issue 16's ratio, old code against new: the durable workload (1,000 executions) on SQLite and on one
// PostgreSQL node, with this checkout's runtime and stores and with those of another checkout (`--old DIR`,
// e.g. `git archive main | tar -x -C DIR` with node_modules copied beside), alternating within every repeat.
// Each side's ratio is its PostgreSQL transitions per CPU-second (Stepwise + PostgreSQL) over its SQLite
// ones, both from the same repeat. Prints every repeat, the medians and the load average.
//
//   npx tsx bench/src/postgres-durable-ab.ts --old DIR [--repeats N] [--executions N]

import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openPostgresStore } from 'stepwise';
import { startPostgresCluster, type PostgresCluster } from 'stepwise/testing';
import { median } from './figures.ts';
import * as newDurable from './workloads/durable.ts';

type Durable = typeof newDurable;
type Store = Parameters<typeof openPostgresStore>[0];
type OpenStore = (options: Store) => Promise<{ signals: never; close(): Promise<void> }>;

interface Side {
  name: 'old' | 'new';
  durable: Durable;
  openStore: OpenStore;
  ratios: number[];
}

const transitionsPerExecution = 10;

async function sideOf(name: 'old' | 'new', dir: string | undefined): Promise<Side> {
  if (dir === undefined) return { name, durable: newDurable, openStore: openPostgresStore as never, ratios: [] };
  const load = (path: string): Promise<Record<string, unknown>> =>
    import(pathToFileURL(join(dir, path)).href) as Promise<Record<string, unknown>>;
  const durable = (await load('bench/src/workloads/durable.ts')) as unknown as Durable;
  const server = await load('packages/server/src/index.ts');
  return { name, durable, openStore: server.openPostgresStore as OpenStore, ratios: [] };
}

/** One repeat of one side: SQLite, then PostgreSQL on a fresh database; PostgreSQL's ratio to SQLite. */
async function repeatOf(side: Side, cluster: PostgresCluster, executions: number, repeat: number): Promise<number> {
  const transitions = executions * transitionsPerExecution;
  const sqlite = transitions / (await side.durable.runOnce(executions, repeat)).cpu;
  const url = await cluster.createDatabase(`ab_${side.name}_${String(repeat)}`);
  const store = await side.openStore({ url });
  try {
    const node = { store: store as never, signals: store.signals };
    const seconds = await side.durable.runOnce(executions, repeat, false, [node], () => cluster.cpuSeconds());
    const postgres = transitions / (seconds.cpu + (seconds.databaseCpu ?? 0));
    const share = (seconds.databaseCpu ?? 0) / (seconds.cpu + (seconds.databaseCpu ?? 0));
    say(
      `${side.name} r${String(repeat)}: SQLite ${sqlite.toFixed(0)}, PostgreSQL ${postgres.toFixed(0)} ` +
        `(database ${(share * 100).toFixed(0)} % of its CPU), ratio ${(postgres / sqlite).toFixed(3)}`,
    );
    return postgres / sqlite;
  } finally {
    await store.close();
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { old: { type: 'string' }, repeats: { type: 'string' }, executions: { type: 'string' } },
  });
  if (values.old === undefined) throw new Error('--old DIR: the checkout to compare with');
  const repeats = Number(values.repeats ?? 3);
  const executions = Number(values.executions ?? 1000);
  const sides = [await sideOf('old', values.old), await sideOf('new', undefined)];
  const cluster = await startPostgresCluster();
  try {
    say(
      `load average before: ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
    );
    // An untimed warm-up of each side: the JIT compiles both before either is measured.
    for (const side of sides) await repeatOf(side, cluster, executions, -1 - sides.indexOf(side));
    for (let repeat = 0; repeat < repeats; repeat++) {
      const order = repeat % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) side.ratios.push(await repeatOf(side, cluster, executions, repeat));
    }
    for (const side of sides) say(`${side.name}: median ratio ${median(side.ratios).toFixed(3)}`);
    say(
      `load average after: ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await cluster.stop();
  }
}

await main();
