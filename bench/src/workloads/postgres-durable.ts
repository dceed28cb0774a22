// postgres-durable: the durable workload (3,000 executions of the 10-state machine, three in-process
// Tasks each, full history) on SQLite and on PostgreSQL in the same run, alternating, PostgreSQL with one
// node and with three; PostgreSQL with SQLite's guarantee (a machine crash may lose the last commits). A
// node is a runtime with its own connection pool and LISTEN connection; the three nodes run in this one
// process, so the figure shows what sharing the work costs, not what more machines add.
// CPU counts Stepwise's process and every PostgreSQL server process of the throwaway cluster, from the first
// start to the last end (not the database's creation, migrations or the history checks), plus a VACUUM and
// a CHECKPOINT right after: the work PostgreSQL defers past a run is that run's (databaseSide). Each
// PostgreSQL run has a database of its own, dropped after it, as each SQLite run has a file of its own.

import { openPostgresStore, type PostgresStore } from 'stepwise';
import type { PostgresCluster } from 'stepwise/testing';
import { median, quantile, type Figure } from '../figures.ts';
import { isUnavailable, onPostgresCluster, databaseSide } from '../postgres-servers.ts';
import type { Workload, WorkloadOptions } from '../workload.ts';
import { runOnce, type RunSeconds } from './durable.ts';

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
    const samples = await onPostgresCluster((cluster) => measure(cluster, options), { durability: 'machine-recent' });
    if (!isUnavailable(samples)) return figures(samples, options);
    return [{ ...ratioFigure(), note: `PostgreSQL not available yet on this machine: ${samples.unavailable}` }];
  },
};

/** Executions per run: long enough that SQLite's run, the shortest, takes a few CPU-seconds. */
export const fullExecutions = 3000;

/** Which durability the PostgreSQL cluster runs with, in the bench's words (its output and the README's). */
export const durabilityNote = 'PostgreSQL fsync=on, synchronous_commit=off (as SQLite WAL, synchronous=NORMAL)';

async function measure(cluster: PostgresCluster, options: WorkloadOptions): Promise<Samples> {
  const executions = options.size === 'full' ? fullExecutions : 5;
  const samples: Samples = { sqlite: [], one: [], oneStepwise: [], three: [], oneWall: [], threeWall: [] };
  const transitions = executions * transitionsPerExecution;
  options.log(`postgres-durable: ${durabilityNote}`);
  // One untimed run of each first: the JIT compiles the code paths before they are measured.
  await runOnce(executions, -1);
  await onPostgres(cluster, 'warm', 1, (nodes) => runOnce(executions, -1, false, nodes));
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    // SQLite first in even repeats, last in odd ones: a drift in the machine's load weighs on both.
    const order = repeat % 2 === 0 ? [0, 1, 3] : [3, 1, 0];
    for (const count of order) {
      if (count === 0) {
        samples.sqlite.push(transitions / (await runOnce(executions, repeat)).cpu);
        options.log(`postgres-durable: SQLite ${Math.round(samples.sqlite.at(-1) ?? 0)} transitions per CPU-second`);
        continue;
      }
      const seconds = await onPostgres(cluster, `r${repeat}n${count}`, count, (nodes, url) =>
        runOnce(executions, repeat, false, nodes, databaseSide(cluster, url)),
      );
      record(samples, count, transitions, seconds);
      const database = seconds.databaseCpu ?? 0;
      options.log(
        `postgres-durable: ${count} node(s) ${Math.round(transitions / (seconds.cpu + database))} transitions per ` +
          `CPU-second (Stepwise ${seconds.cpu.toFixed(2)} s + PostgreSQL ${database.toFixed(2)} s, ${seconds.wall.toFixed(2)} s wall)`,
      );
    }
  }
  return samples;
}

function record(samples: Samples, count: number, transitions: number, seconds: RunSeconds): void {
  const perCpu = transitions / (seconds.cpu + (seconds.databaseCpu ?? 0));
  if (count === 1) {
    samples.one.push(perCpu);
    samples.oneStepwise.push(transitions / seconds.cpu);
    samples.oneWall.push(transitions / seconds.wall);
  } else {
    samples.three.push(perCpu);
    samples.threeWall.push(transitions / seconds.wall);
  }
}

/**
 * Runs `work` on `count` nodes over a fresh database, each node with its own pool and signals, and drops the
 * database after, as the SQLite side removes its file: no run shares the cluster with an earlier one's data.
 */
async function onPostgres<T>(
  cluster: PostgresCluster,
  name: string,
  count: number,
  work: (nodes: { store: PostgresStore; signals: PostgresStore['signals'] }[], url: string) => Promise<T>,
): Promise<T> {
  const database = `durable_${name}`;
  const url = await cluster.createDatabase(database);
  const stores: PostgresStore[] = [];
  try {
    for (let i = 0; i < count; i++) stores.push(await openPostgresStore({ url }));
    return await work(
      stores.map((store) => ({ store, signals: store.signals })),
      url,
    );
  } finally {
    await Promise.all(stores.map((store) => store.close()));
    await cluster.dropDatabase(database);
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
  const executions = options.size === 'full' ? fullExecutions : 5;
  const note = `${executions} executions x ${transitionsPerExecution} states, full history; CPU of Stepwise + PostgreSQL; ${durabilityNote}`;
  // Each repeat's ratio compares two runs next to each other in time; their median, not a ratio of medians.
  const ratios = samples.one.map((value, i) => value / (samples.sqlite[i] ?? value));
  const quartiles = `quartiles ${quantile(ratios, 0.25).toFixed(3)}-${quantile(ratios, 0.75).toFixed(3)}`;
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
      stepwise: median(ratios),
      samples: { stepwise: ratios },
      note: `median of per-repeat ratios, ${quartiles}; ${durabilityNote}; SQLite ${Math.round(median(samples.sqlite))}, PostgreSQL ${Math.round(median(samples.one))} (Stepwise alone ${Math.round(median(samples.oneStepwise))})`,
    },
    rate('SQLite transitions per CPU-s', samples.sqlite, `${executions} executions, SQLite file, full history`),
    rate('PostgreSQL 1 node transitions per CPU-s', samples.one),
    rate('PostgreSQL 3 nodes transitions per CPU-s', samples.three, `${note}; three nodes in one process`),
    rate('PostgreSQL 1 node transitions per s', samples.oneWall, 'wall clock, 2 cores shared with PostgreSQL'),
    rate('PostgreSQL 3 nodes transitions per s', samples.threeWall, 'wall clock, 2 cores shared with PostgreSQL'),
  ];
}
