// Issue 16's ratio for two sides, alternating within every repeat: the durable workload on SQLite and on
// one PostgreSQL node. `--old DIR`: the runtime and stores of another checkout (e.g. `git archive main | tar
// -x -C DIR` with node_modules copied beside, or bench/src/old-tree.ts's) against this one's, both measured
// by this checkout's harness, both on the bench's cluster (fsync on, synchronous_commit off). `--durability`: this checkout on a cluster with fsync off (the tests') against
// one with the bench's setting. Each side's ratio is its PostgreSQL transitions per CPU-second (Stepwise +
// PostgreSQL) over its SQLite ones, both from the same repeat. Prints every repeat, each side's median
// and quartiles of its ratios, and the load average.
//
//   npx tsx bench/src/postgres-durable-ab.ts (--old DIR | --durability) [--repeats N] [--executions N]

import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { copyFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openPostgresStore } from 'stepwise';
import { startPostgresCluster, type PostgresCluster, type PostgresClusterOptions } from 'stepwise/testing';
import { median, quantile } from './figures.ts';
import { databaseSide } from './postgres-servers.ts';
import * as newDurable from './workloads/durable.ts';

type Durable = typeof newDurable;
type Store = Parameters<typeof openPostgresStore>[0];
type OpenStore = (options: Store) => Promise<{ signals: never; close(): Promise<void> }>;

interface Side {
  name: string;
  durable: Durable;
  openStore: OpenStore;
  cluster?: PostgresCluster;
  ratios: number[];
}

const transitionsPerExecution = 10;

const here = fileURLToPath(new URL('.', import.meta.url));
/** The durable workload's harness and what it imports from bench/src. */
const harnessFiles = ['workloads/durable.ts', 'figures.ts', 'workload.ts'];

async function sideOf(name: string, dir: string | undefined): Promise<Side> {
  if (dir === undefined) return { name, durable: newDurable, openStore: openPostgresStore as never, ratios: [] };
  const load = (path: string): Promise<Record<string, unknown>> =>
    import(pathToFileURL(join(dir, path)).href) as Promise<Record<string, unknown>>;
  // Both sides measure with this checkout's harness (its warm-up, its checks): only the code under it differs.
  for (const file of harnessFiles) copyFileSync(join(here, file), join(dir, 'bench', 'src', file));
  const durable = (await load('bench/src/workloads/durable.ts')) as unknown as Durable;
  const server = await load('packages/server/src/index.ts');
  return { name, durable, openStore: server.openPostgresStore as OpenStore, ratios: [] };
}

/** One repeat of one side: SQLite, then PostgreSQL on a fresh database; PostgreSQL's ratio to SQLite. */
async function repeatOf(side: Side, executions: number, repeat: number): Promise<number> {
  const transitions = executions * transitionsPerExecution;
  const cluster = side.cluster;
  if (cluster === undefined) throw new Error(`${side.name}: no cluster`);
  const sqlite = transitions / (await side.durable.runOnce(executions, repeat)).cpu;
  const database = `ab_${side.name.replace(/\W/g, '_')}_${String(repeat)}`;
  const url = await cluster.createDatabase(database);
  const store = await side.openStore({ url });
  try {
    const node = { store: store as never, signals: store.signals };
    const seconds = await side.durable.runOnce(executions, repeat, false, [node], databaseSide(cluster, url));
    const databaseCpu = seconds.databaseCpu ?? 0;
    const postgres = transitions / (seconds.cpu + databaseCpu);
    const share = databaseCpu / (seconds.cpu + databaseCpu);
    say(
      `${side.name} r${String(repeat)}: SQLite ${sqlite.toFixed(0)}, PostgreSQL ${postgres.toFixed(0)} ` +
        `(database ${(share * 100).toFixed(0)} % of its CPU), ratio ${(postgres / sqlite).toFixed(3)}`,
    );
    return postgres / sqlite;
  } finally {
    await store.close();
    await cluster.dropDatabase(database);
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The two sides and their clusters: old and new code on the bench's cluster, or this code on two clusters. */
async function sidesOf(old: string | undefined, durability: boolean): Promise<Side[]> {
  if (old === undefined && !durability) throw new Error('--old DIR (the checkout to compare with) or --durability');
  const on = async (side: Side, options: PostgresClusterOptions): Promise<Side> => {
    side.cluster = await startPostgresCluster(options);
    return side;
  };
  if (durability) {
    return [
      await on(await sideOf('fsync=off', undefined), { durability: 'process' }),
      await on(await sideOf('fsync=on,synchronous_commit=off', undefined), { durability: 'machine-recent' }),
    ];
  }
  const sides = [await sideOf('old', old), await sideOf('new', undefined)];
  const cluster = await startPostgresCluster({ durability: 'machine-recent' });
  for (const side of sides) side.cluster = cluster;
  return sides;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      old: { type: 'string' },
      durability: { type: 'boolean' },
      repeats: { type: 'string' },
      executions: { type: 'string' },
    },
  });
  const repeats = Number(values.repeats ?? 5);
  const executions = Number(values.executions ?? 3000);
  const sides = await sidesOf(values.old, values.durability === true);
  try {
    say(
      `load average before: ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
    );
    // An untimed warm-up of each side: the JIT compiles both before either is measured.
    for (const side of sides) await repeatOf(side, executions, -1 - sides.indexOf(side));
    for (let repeat = 0; repeat < repeats; repeat++) {
      const order = repeat % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) side.ratios.push(await repeatOf(side, executions, repeat));
    }
    for (const side of sides) {
      const [low, high] = [quantile(side.ratios, 0.25), quantile(side.ratios, 0.75)];
      say(
        `${side.name}: median ratio ${median(side.ratios).toFixed(3)} (quartiles ${low.toFixed(3)}-${high.toFixed(3)})`,
      );
    }
    say(
      `load average after: ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    const clusters = new Set(sides.flatMap((side) => (side.cluster === undefined ? [] : [side.cluster])));
    await Promise.all([...clusters].map((cluster) => cluster.stop()));
  }
}

await main();
