// schedule-delay: how late a schedule's fire starts its execution. A real server (SQLite, and PostgreSQL when
// the machine has it, taking turns) gets `at(…)` schedules due at the next whole seconds through the Scheduler
// REST API; each execution's startDate minus its schedule's due time is the delay (median and max, in ms).

import type { PostgresCluster } from 'stepwise/testing';
import { median, type Figure } from '../figures.ts';
import { isUnavailable, onPostgresCluster, startPostgresServers } from '../postgres-servers.ts';
import { ApiClient, roleArn, startServer, type BenchServer } from '../server.ts';
import { WrongResultError, type Workload, type WorkloadOptions } from '../workload.ts';
import { createMachine } from './http-start.ts';

interface Delays {
  sqlite: number[];
  postgres: number[];
}

export const scheduleDelay: Workload = {
  name: 'schedule-delay',
  run: async (options) => {
    const delays: Delays = { sqlite: [], postgres: [] };
    // Without PostgreSQL the repeats run on SQLite alone.
    const ran = await onPostgresCluster(async (cluster) => {
      await repeats(delays, options, cluster);
    });
    if (isUnavailable(ran)) await repeats(delays, options, undefined);
    return [figure('SQLite', delays.sqlite), figure('PostgreSQL', delays.postgres, isUnavailable(ran))];
  },
};

async function repeats(delays: Delays, options: WorkloadOptions, cluster: PostgresCluster | undefined) {
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    delays.sqlite.push(...(await onServer(await startServer(), options, `sqlite r${repeat}`)));
    if (cluster !== undefined) delays.postgres.push(...(await onPostgres(cluster, options, repeat)));
  }
}

async function onPostgres(cluster: PostgresCluster, options: WorkloadOptions, repeat: number): Promise<number[]> {
  const [server] = await startPostgresServers(cluster, `schedules_${String(repeat)}`, 1);
  if (server === undefined) throw new Error('no PostgreSQL server started');
  return onServer(server, options, `postgres r${repeat}`);
}

/** Creates the schedules on `server`, waits for their executions, stops the server; the delays in ms. */
async function onServer(server: BenchServer, options: WorkloadOptions, label: string): Promise<number[]> {
  const client = new ApiClient(server.url, 4);
  try {
    const machine = await createMachine(client, 'on-schedule', 'STANDARD', {
      StartAt: 'Done',
      States: { Done: { Type: 'Succeed' } },
    });
    const count = options.size === 'full' ? 8 : 2;
    // Due from two seconds ahead, one a second: creating them takes a few milliseconds each.
    const first = Math.ceil(Date.now() / 1000) * 1000 + 2000;
    const dues = Array.from({ length: count }, (_, i) => first + i * 1000);
    for (const [i, due] of dues.entries()) await createSchedule(server.url, `s${i}`, due, machine);
    const delays = await startDelays(client, machine, count);
    options.log(
      `schedule-delay ${label}: median ${Math.round(median(delays))} ms, max ${Math.round(Math.max(...delays))} ms`,
    );
    return delays;
  } finally {
    client.close();
    await server.stop();
  }
}

async function createSchedule(url: string, name: string, due: number, machine: string): Promise<void> {
  const at = new Date(due).toISOString().slice(0, 19);
  const body = {
    ScheduleExpression: `at(${at})`,
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: machine, RoleArn: roleArn, Input: JSON.stringify({ due }) },
  };
  const answer = await fetch(`${url}/schedules/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (answer.status !== 200) throw new WrongResultError('stepwise', 'schedule-delay', await answer.text());
}

/** Waits for `count` executions (at most a minute); each one's startDate minus the due time in its input. */
async function startDelays(client: ApiClient, machine: string, count: number): Promise<number[]> {
  for (let tries = 0; tries < 600; tries++) {
    const list = await client.call<{ executions: { executionArn: string }[] }>('ListExecutions', {
      stateMachineArn: machine,
    });
    if (list.executions.length > count) break;
    if (list.executions.length === count) {
      return Promise.all(list.executions.map((e) => delayOf(client, e.executionArn)));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new WrongResultError('stepwise', 'schedule-delay', `not exactly ${count} executions for ${count} schedules`);
}

async function delayOf(client: ApiClient, executionArn: string): Promise<number> {
  const execution = await client.call<{ input: string; startDate: number }>('DescribeExecution', { executionArn });
  const { due } = JSON.parse(execution.input) as { due: number };
  return execution.startDate * 1000 - due;
}

function figure(store: string, delays: number[], unavailable = false): Figure {
  return {
    workload: 'schedule-delay',
    metric: `schedule fire to execution start, ms, median (${store})`,
    better: 'lower',
    ...(delays.length === 0 ? {} : { stepwise: median(delays) }),
    target: { kind: 'atMost', value: 1000 },
    samples: { stepwise: delays },
    note: unavailable
      ? 'PostgreSQL not available on this machine'
      : `${delays.length} at() schedules, one a second; max ${Math.round(Math.max(...delays))} ms`,
  };
}
