// durable: 1,000 executions of a 10-state Standard machine through the durable runtime on a SQLite file,
// full history kept: state transitions per second. Three of the states are Tasks answered in process,
// so each execution commits four steps through the outbox (start, then one per task result) and its
// work items are claimed and consumed as the server does it. No peer runs this in process.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonValue, TaskInvocation } from '@stepwise/core';
import { ExecutionLogs, nodeServices, openSqliteStore, Runtime, systemClock } from 'stepwise';
import { median, type Figure } from '../figures.ts';
import { WrongResultError, type Workload } from '../workload.ts';

/** The execution record the runtime reports an end with. */
type ExecutionRecord = Parameters<NonNullable<ConstructorParameters<typeof Runtime>[0]['onExecutionEnd']>>[0];

const account = '123456789012';
const fn = (name: string): string => `arn:aws:lambda:us-east-1:${account}:function:${name}`;

/** Ten states: Pass, Task, Choice, Pass, Task, Pass, Task, Pass, Pass, Succeed. */
export const durableDefinition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Parameters: { 'order.$': '$.order', total: 0 }, Next: 'Price' },
    Price: { Type: 'Task', Resource: fn('price'), ResultPath: '$.total', Next: 'Large?' },
    'Large?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.total', NumericGreaterThan: 100, Next: 'Discount' }],
      Default: 'Discount',
    },
    Discount: { Type: 'Pass', Result: 5, ResultPath: '$.discount', Next: 'Reserve' },
    Reserve: { Type: 'Task', Resource: fn('reserve'), ResultPath: '$.reservation', Next: 'Label' },
    Label: {
      Type: 'Pass',
      Parameters: { 'order.$': '$.order', 'total.$': '$.total' },
      ResultPath: '$.label',
      Next: 'Ship',
    },
    Ship: { Type: 'Task', Resource: fn('ship'), ResultPath: '$.shipment', Next: 'Tidy' },
    Tidy: { Type: 'Pass', OutputPath: '$.shipment', Next: 'Record' },
    Record: { Type: 'Pass', ResultPath: '$.recorded', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};
const transitionsPerExecution = 10;
/** ExecutionStarted, 10 entered + 10 exited, 3 x (Scheduled, Started, Succeeded), ExecutionSucceeded. */
const eventsPerExecution = 1 + 10 + 10 + 9 + 1;

const machineArn = `arn:aws:states:us-east-1:${account}:stateMachine:durable`;
const logGroup = '/aws/vendedlogs/states/durable';

type BenchStore = ReturnType<typeof openSqliteStore>;

/** The machine's record with logging at level ALL (execution data included) to a fresh log group. */
async function loggedMachine(store: BenchStore): Promise<ExecutionLogs> {
  const logGroupArn = `arn:aws:logs:us-east-1:${account}:log-group:${logGroup}:*`;
  await store.createLogGroup({ name: logGroup, creationTime: Date.now() });
  await store.createStateMachine({
    arn: machineArn,
    name: 'durable',
    type: 'STANDARD',
    definition: JSON.stringify(durableDefinition),
    roleArn: `arn:aws:iam::${account}:role/bench`,
    loggingConfiguration: {
      level: 'ALL',
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }],
    },
    revisionId: 'r1',
    creationDate: Date.now(),
  });
  return new ExecutionLogs({ store, logs: store, now: () => Date.now(), streamSuffix: '0bench00' });
}

async function checkLogRecords(store: BenchStore, executions: number): Promise<void> {
  const written = await store.queryLogEvents(logGroup, { limit: executions * eventsPerExecution + 1 });
  if (written.items.length !== executions * eventsPerExecution) {
    throw new WrongResultError('stepwise', 'durable-logs', `${written.items.length} log records written`);
  }
}

/** The in-process functions behind the three Tasks. */
const tasks = {
  execute(invocation: TaskInvocation): Promise<{ output: string }> {
    const name = invocation.resource.slice(invocation.resource.lastIndexOf(':') + 1);
    const input = invocation.input as { order: number };
    const results: Record<string, JsonValue> = {
      price: input.order * 3,
      reserve: { id: `r-${input.order}` },
      ship: { carrier: 'post', order: input.order },
    };
    return Promise.resolve({ output: JSON.stringify(results[name] ?? null) });
  },
};

export const durable: Workload = {
  name: 'durable',
  run: async (options) => {
    const executions = options.size === 'full' ? 1000 : 5;
    const samples: number[] = [];
    const wallSeconds: number[] = [];
    // One untimed run first: a server has its code compiled by the JIT long before it is busy.
    await runOnce(executions, -1);
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      const { cpu, wall } = await runOnce(executions, repeat);
      samples.push((executions * transitionsPerExecution) / cpu);
      wallSeconds.push(wall);
      options.log(
        `durable: ${Math.round(samples.at(-1) ?? 0)} state transitions per CPU-second (${wall.toFixed(2)} s wall)`,
      );
    }
    const figure: Figure = {
      workload: 'durable',
      metric: 'state transitions per CPU-s',
      better: 'higher',
      stepwise: median(samples),
      target: { kind: 'atLeast', value: 20_000 },
      samples: { stepwise: samples, wallSeconds },
      note: `${executions} executions x ${transitionsPerExecution} states, SQLite file, full history`,
    };
    return [figure];
  },
};

/**
 * CPU and wall-clock seconds from the first StartExecution until the last execution ended (and, with
 * `logged`, until its log records are written: level ALL with execution data); then every history, and
 * every execution's log records, are checked.
 */
export async function runOnce(
  executions: number,
  repeat: number,
  logged = false,
): Promise<{ cpu: number; wall: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-durable-'));
  const store = openSqliteStore({ file: join(dir, 'stepwise.db') });
  // Ends are counted through the runtime's own callback: asking the store would add a read per execution.
  const ended = new Map<string, (record: ExecutionRecord) => void>();
  const onExecutionEnd = (record: ExecutionRecord): void => ended.get(record.arn)?.(record);
  const logs = logged ? await loggedMachine(store) : undefined;
  const runtime = new Runtime({
    store,
    clock: systemClock,
    tasks,
    services: nodeServices,
    onExecutionEnd,
    ...(logs === undefined ? {} : { onCommitted: logs.observe }),
  });
  runtime.start();
  try {
    const definition = JSON.stringify(durableDefinition);
    const arns = Array.from(
      { length: executions },
      (_, i) => `${machineArn.replace('stateMachine', 'execution')}:e${repeat}-${i}`,
    );
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const ends = arns.map((arn, i) => {
      const end = new Promise<ExecutionRecord>((resolve) => ended.set(arn, resolve));
      return runtime
        .startExecution({
          arn,
          name: arn.slice(arn.lastIndexOf(':') + 1),
          type: 'STANDARD',
          stateMachineArn: machineArn,
          stateMachineName: 'durable',
          definition,
          revisionId: 'r1',
          roleArn: `arn:aws:iam::${account}:role/bench`,
          input: JSON.stringify({ order: i }),
          startDate: Date.now(),
        })
        .then(() => end);
    });
    const records = await Promise.all(ends);
    await logs?.flush();
    const cpuUsed = process.cpuUsage(cpuStarted);
    const seconds = { cpu: (cpuUsed.user + cpuUsed.system) / 1e6, wall: (performance.now() - started) / 1000 };
    for (const [i, record] of records.entries()) {
      const shipment = { carrier: 'post', order: i };
      const expected = JSON.stringify({ ...shipment, recorded: shipment });
      if (record.status !== 'SUCCEEDED' || record.output !== expected) {
        throw new WrongResultError(
          'stepwise',
          'durable',
          `${record.arn} ended ${record.status} with ${record.output ?? ''}`,
        );
      }
      const history = await store.getHistory(record.arn, { limit: 1000 });
      if (history.items.length !== eventsPerExecution) {
        throw new WrongResultError('stepwise', 'durable', `${record.arn} has ${history.items.length} events`);
      }
    }
    if (logged) await checkLogRecords(store, executions);
    return seconds;
  } finally {
    await runtime.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
