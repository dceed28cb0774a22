// postgres-durable: the durable workload (1,000 executions of the 10-state machine, three in-process
// Tasks each, full history) on SQLite and on PostgreSQL in the same run, PostgreSQL with one node and
// with three. A node is a runtime with its own connection pool and LISTEN connection; the three nodes run
// in this one process, so the figure shows what sharing the work costs, not what more machines add.
// CPU counts Stepwise's process and every PostgreSQL server process of the throwaway cluster, from the first
// start to the last end (not the database's creation, migrations or the history checks).

import { openPostgresStore, type PostgresStore } from 'stepwise';
import type { PostgresCluster } from 'stepwise/testing';
import { median, type Figure } from '../figures.ts';
import { isUnavailable, onPostgresCluster } from '../postgres-servers.ts';
import type { Workload, WorkloadOptions } from '../workload.ts';
import { runOnce } from './durable.ts';

const transitionsPerExecution = 10;

interface Samples {
  sqlite: number[];
  /** Per CPU-second of Stepwise and PostgreSQL together, and of Stepwise alone. */
  one: number[];
  oneStepwise: number[];
  three: number[];
  /** Transitions per wall-clock second. */
  oneWall: number[];
  threeWall: number[];
}

export const postgresDurable: Workload = {
  name: 'postgres-durable',
  run: async (options) => {
    const samples = await onPostgresCluster((cluster) => measure(cluster, options));
    if (!isUnavailable(samples)) return figures(samples, options);
    return [{ ...ratioFigure(), note: `PostgreSQL not available yet on this machine: ${samples.unavailable}` }];
  },
};

async function measure(cluster: PostgresCluster, options: WorkloadOptions): Promise<Samples> {
  const executions = options.size === 'full' ? 1000 : 5;
  const samples: Samples = { sqlite: [], one: [], oneStepwise: [], three: [], oneWall: [], threeWall: [] };
  const transitions = executions * transitionsPerExecution;
  // One untimed run of each first: the JIT compiles the code paths before they are measured.
  await runOnce(executions, -1);
  await onPostgres(cluster, 'warm', 1, (nodes) => runOnce(executions, -1, false, nodes));
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    samples.sqlite.push(transitions / (await runOnce(executions, repeat)).cpu);
    for (const count of [1, 3]) {
      const seconds = await onPostgres(cluster, `r${repeat}n${count}`, count, (nodes) =>
        runOnce(executions, repeat, false, nodes, () => cluster.cpuSeconds()),
      );
      const database = seconds.databaseCpu ?? 0;
      const perCpu = transitions / (seconds.cpu + database);
      if (count === 1) {
        samples.one.push(perCpu);
        samples.oneStepwise.push(transitions / seconds.cpu);
        samples.oneWall.push(transitions / seconds.wall);
      } else {
        samples.three.push(perCpu);
        samples.threeWall.push(transitions / seconds.wall);
      }
      options.log(
        `postgres-durable: ${count} node(s) ${Math.round(perCpu)} transitions per CPU-second ` +
          `(Stepwise ${seconds.cpu.toFixed(2)} s + PostgreSQL ${database.toFixed(2)} s, ${seconds.wall.toFixed(2)} s wall)`,
      );
    }
    options.log(`postgres-durable: SQLite ${Math.round(samples.sqlite.at(-1) ?? 0)} transitions per CPU-second`);
  }
  return samples;
}

/** Runs `work` on `count` nodes over a fresh database, each node with its own pool and signals. */
async function onPostgres<T>(
  cluster: PostgresCluster,
  name: string,
  count: number,
  work: (nodes: { store: PostgresStore; signals: PostgresStore['signals'] }[]) => Promise<T>,
): Promise<T> {
  const url = await cluster.createDatabase(`durable_${name}`);
  const stores: PostgresStore[] = [];
  try {
    for (let i = 0; i < count; i++) stores.push(await openPostgresStore({ url }));
    return await work(stores.map((store) => ({ store, signals: store.signals })));
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
}

function ratioFigure(): Figure {
  return {
    workload: 'postgres-durable',
    metric: 'PostgreSQL 1 node / SQLite, transitions per CPU-s',
    better: 'higher',
    target: { kind: 'atLeast', value: 0.5 },
  };
}

function figures(samples: Samples, options: WorkloadOptions): Figure[] {
  const executions = options.size === 'full' ? 1000 : 5;
  const note = `${executions} executions x ${transitionsPerExecution} states, full history; CPU of Stepwise + PostgreSQL`;
  const rate = (metric: string, values: number[], extra = note): Figure => ({
    workload: 'postgres-durable',
    metric,
    better: 'higher',
    stepwise: median(values),
    samples: { stepwise: values },
    note: extra,
  });
  return [
    {
      ...ratioFigure(),
      stepwise: median(samples.one) / median(samples.sqlite),
      samples: { stepwise: samples.one.map((value, i) => value / (samples.sqlite[i] ?? value)) },
      note: `same run; SQLite ${Math.round(median(samples.sqlite))}, PostgreSQL ${Math.round(median(samples.one))} (Stepwise alone ${Math.round(median(samples.oneStepwise))})`,
    },
    rate('SQLite transitions per CPU-s', samples.sqlite, `${executions} executions, SQLite file, full history`),
    rate('PostgreSQL 1 node transitions per CPU-s', samples.one),
    rate('PostgreSQL 3 nodes transitions per CPU-s', samples.three, `${note}; three nodes in one process`),
    rate('PostgreSQL 1 node transitions per s', samples.oneWall, 'wall clock, 2 cores shared with PostgreSQL'),
    rate('PostgreSQL 3 nodes transitions per s', samples.threeWall, 'wall clock, 2 cores shared with PostgreSQL'),
  ];
}
