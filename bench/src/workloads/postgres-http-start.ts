// postgres-http-start: the http-start workload (StartExecution of its 5-state Standard machine from 32
// keep-alive clients) against `stepwise serve --database` processes on one throwaway PostgreSQL cluster,
// one node and three (the clients dealt round-robin to the nodes), alternating in one run. Reports
// transitions and executions per wall-clock second, p50/p99 StartExecution latency, the CPU seconds of
// the Stepwise processes and of PostgreSQL, and executions per CPU-second of both together. All of it
// shares the machine's 2 cores: three nodes add no cores here, only the cost of sharing the work.

import type { PostgresCluster } from 'stepwise/testing';
import { median, quantile, type Figure } from '../figures.ts';
import { isUnavailable, onPostgresCluster, startPostgresServers } from '../postgres-servers.ts';
import { ApiClient, countExecutions, pool, untilNoneRunning, type BenchServer } from '../server.ts';
import { WrongResultError, type Workload, type WorkloadOptions } from '../workload.ts';
import { createMachine, standardDefinition } from './http-start.ts';

const concurrency = 32;
const transitionsPerExecution = 5;

interface Node {
  server: BenchServer;
  client: ApiClient;
}

interface Run {
  wall: number;
  stepwiseCpu: number;
  databaseCpu: number;
  latencies: number[];
}

export const postgresHttpStart: Workload = {
  name: 'postgres-http-start',
  run: async (options) => {
    const figures = await onPostgresCluster(async (cluster) => {
      const groups: Node[][] = [];
      try {
        for (const count of [1, 3]) groups.push(await startNodes(cluster, count));
        return await measure(cluster, groups, options);
      } finally {
        for (const node of groups.flat()) {
          node.client.close();
          await node.server.stop();
        }
      }
    });
    if (!isUnavailable(figures)) return figures;
    return [{ workload: 'postgres-http-start', metric: 'unavailable', better: 'higher', note: figures.unavailable }];
  },
};

async function startNodes(cluster: PostgresCluster, count: number): Promise<Node[]> {
  const servers = await startPostgresServers(cluster, `http_start_${String(count)}`, count);
  return servers.map((server) => ({ server, client: new ApiClient(server.url, Math.ceil(concurrency / count)) }));
}

async function measure(cluster: PostgresCluster, groups: Node[][], options: WorkloadOptions): Promise<Figure[]> {
  const executions = options.size === 'full' ? 5000 : 10;
  const warm = options.size === 'full' ? 300 : 2;
  const runs = new Map<number, Run[]>();
  const machines = new Map<number, string>();
  for (const nodes of groups) {
    const first = nodes[0] as Node;
    const arn = await createMachine(first.client, 'http-standard', 'STANDARD', standardDefinition);
    machines.set(nodes.length, arn);
    await startOn(cluster, nodes, arn, 'warm', warm);
  }
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    for (const nodes of groups) {
      const run = await startOn(cluster, nodes, machines.get(nodes.length) ?? '', `r${String(repeat)}`, executions);
      runs.set(nodes.length, [...(runs.get(nodes.length) ?? []), run]);
      options.log(
        `postgres-http-start: ${String(nodes.length)} node(s) ${Math.round(executions / run.wall)} executions/s, ` +
          `start p50 ${quantile(run.latencies, 0.5).toFixed(1)} ms p99 ${quantile(run.latencies, 0.99).toFixed(1)} ms, ` +
          `CPU Stepwise ${run.stepwiseCpu.toFixed(2)} s + PostgreSQL ${run.databaseCpu.toFixed(2)} s`,
      );
    }
  }
  for (const nodes of groups) {
    const expected = warm + executions * options.repeats;
    const total = await countExecutions(nodes[0]?.client as ApiClient, machines.get(nodes.length) ?? '', 'SUCCEEDED');
    if (total !== expected) throw new WrongResultError('stepwise', 'postgres-http-start', `${total} of ${expected}`);
  }
  return [...groups].flatMap((nodes) => figures(nodes.length, runs.get(nodes.length) ?? [], executions));
}

/** Starts `count` executions dealt round-robin over the nodes and waits until none runs. */
async function startOn(
  cluster: PostgresCluster,
  nodes: Node[],
  arn: string,
  prefix: string,
  count: number,
): Promise<Run> {
  const stepwiseBefore = nodes.reduce((sum, node) => sum + node.server.cpuSeconds(), 0);
  const databaseBefore = cluster.cpuSeconds();
  const latencies: number[] = [];
  const started = performance.now();
  await pool(count, concurrency, async (i) => {
    const node = nodes[i % nodes.length] as Node;
    const callStarted = performance.now();
    await node.client.call('StartExecution', {
      stateMachineArn: arn,
      name: `${prefix}-${i}`,
      input: JSON.stringify({ id: i }),
    });
    latencies.push(performance.now() - callStarted);
  });
  await untilNoneRunning(nodes[0]?.client as ApiClient, arn);
  return {
    wall: (performance.now() - started) / 1000,
    stepwiseCpu: nodes.reduce((sum, node) => sum + node.server.cpuSeconds(), 0) - stepwiseBefore,
    databaseCpu: cluster.cpuSeconds() - databaseBefore,
    latencies,
  };
}

function figures(count: number, runs: Run[], executions: number): Figure[] {
  const label = `PostgreSQL ${String(count)} node${count === 1 ? '' : 's'}`;
  const note = `${String(executions)} StartExecution of a 5-state machine, ${String(concurrency)} clients; 2 cores shared by all`;
  const figure = (metric: string, values: number[], better: 'higher' | 'lower', extra = note): Figure => ({
    workload: 'postgres-http-start',
    metric: `${label}: ${metric}`,
    better,
    stepwise: median(values),
    samples: { stepwise: values },
    note: extra,
  });
  const cpu = runs.map((run) => run.stepwiseCpu + run.databaseCpu);
  return [
    figure(
      'transitions/s',
      runs.map((run) => (executions * transitionsPerExecution) / run.wall),
      'higher',
    ),
    figure(
      'executions/s',
      runs.map((run) => executions / run.wall),
      'higher',
    ),
    figure(
      'StartExecution p50 ms',
      runs.map((run) => quantile(run.latencies, 0.5)),
      'lower',
    ),
    figure(
      'StartExecution p99 ms',
      runs.map((run) => quantile(run.latencies, 0.99)),
      'lower',
    ),
    figure(
      'Stepwise CPU s',
      runs.map((run) => run.stepwiseCpu),
      'lower',
    ),
    figure(
      'PostgreSQL CPU s',
      runs.map((run) => run.databaseCpu),
      'lower',
    ),
    figure(
      'executions per CPU-s (Stepwise + PostgreSQL)',
      cpu.map((seconds) => executions / seconds),
      'higher',
    ),
  ];
}
