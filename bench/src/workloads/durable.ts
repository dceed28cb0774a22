// durable: 1,000 executions of a 10-state Standard machine through the durable runtime on a SQLite file,
// full history kept: state transitions per second. Three of the states are Tasks answered in process,
// so each execution commits four steps through the outbox (start, then one per task result) and its
// work items are claimed and consumed as the server does it. No peer runs this in process.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonValue, TaskInvocation } from '@stepwise/core';
import {
  createStepwise,
  ExecutionLogs,
  nodeServices,
  openSqliteStore,
  systemClock,
  type Signals,
  type Stepwise,
  type StepwiseOptions,
  type Store,
} from 'stepwise';
import { median, type Figure } from '../figures.ts';
import { WrongResultError, type Workload } from '../workload.ts';

/** The execution record the runtime reports an end with. */
type ExecutionRecord = Parameters<NonNullable<NonNullable<StepwiseOptions['runtime']>['onExecutionEnd']>>[0];
/** What StartExecution hands the runtime. */
type ExecutionStart = Parameters<Stepwise['runtime']['startExecution']>[0];

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

type SqliteStore = ReturnType<typeof openSqliteStore>;

/** The machine's record with logging at level ALL (execution data included) to a fresh log group. */
async function loggedMachine(store: SqliteStore): Promise<ExecutionLogs> {
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

async function checkLogRecords(store: SqliteStore, executions: number): Promise<void> {
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

/** One node's store (the SQLite file, or a PostgreSQL connection of its own) and its wake-ups. */
export interface BenchNode {
  store: Store;
  signals?: Signals;
}

/**
 * A database server beside the run (PostgreSQL): its CPU is counted over the run's window, and the work it
 * defers past a run (vacuuming dead rows, writing dirty pages) is done right after the window and counted:
 * each run pays for its own, as SQLite does inside its run (postgres-servers.ts).
 */
export interface DatabaseSide {
  cpuSeconds(): number;
  settle(): Promise<void>;
}

/** CPU and wall-clock seconds of a run; `databaseCpu`, a database server's CPU in the same window. */
export interface RunSeconds {
  cpu: number;
  wall: number;
  databaseCpu?: number;
}

/**
 * CPU and wall-clock seconds from the first StartExecution until the last execution ended (and, with
 * `logged`, until its log records are written: level ALL with execution data); then every history, and
 * every execution's log records, are checked. On a fresh SQLite file unless `nodes` are given: then each
 * runs a runtime of its own over its store, and the starts are dealt round-robin to them.
 */
export async function runOnce(
  executions: number,
  repeat: number,
  logged = false,
  nodes?: readonly BenchNode[],
  database?: DatabaseSide,
): Promise<RunSeconds> {
  if (nodes !== undefined) return runOnNodes(executions, repeat, nodes, 64, undefined, database);
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-durable-'));
  const store = openSqliteStore({ file: join(dir, 'stepwise.db') });
  try {
    if (!logged) return await runOnNodes(executions, repeat, [{ store }], executions);
    const logs = await loggedMachine(store);
    return await runOnNodes(executions, repeat, [{ store }], executions, {
      logs,
      check: () => checkLogRecords(store, executions + warmUpsOf(executions)),
    });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Executions each run starts before its window, on the same store and runtimes, untimed: a server's
 * database connections, like its JIT-compiled code, are warm long before it is busy. On PostgreSQL each
 * connection is a server process of its own, whose first statements fault in shared memory and fill its
 * catalog and plan caches; SQLite's page cache fills the same way.
 */
function warmUpsOf(executions: number): number {
  return Math.ceil(executions / 10);
}

async function runOnNodes(
  executions: number,
  repeat: number,
  nodes: readonly BenchNode[],
  startsAtOnce: number,
  logged?: { logs: ExecutionLogs; check: () => Promise<void> },
  database?: DatabaseSide,
): Promise<RunSeconds> {
  const first = nodes[0]?.store;
  if (first === undefined) throw new Error('no node to run on');
  // Ends are counted through the runtimes' own callback: asking the store would add a read per execution.
  const ended = new Map<string, (record: ExecutionRecord) => void>();
  const onExecutionEnd = (record: ExecutionRecord): void => ended.get(record.arn)?.(record);
  const running = nodes.map((node) => benchStepwise(node, onExecutionEnd, logged?.logs));
  for (const stepwise of running) stepwise.start();
  // SQLite takes every start at once; a node's 10 PostgreSQL connections would leave most of 1,000
  // starts queued past the pool's 10 s connect limit on a busy machine, so there 64 are in flight.
  const batch = (name: string, count: number): Promise<ExecutionRecord[]> =>
    runBatch(running, ended, name, count, startsAtOnce);
  try {
    await batch(`w${String(repeat)}`, warmUpsOf(executions));
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const databaseStarted = database?.cpuSeconds() ?? 0;
    const records = await batch(`e${String(repeat)}`, executions);
    await logged?.logs.flush();
    await database?.settle();
    const cpuUsed = process.cpuUsage(cpuStarted);
    const seconds: RunSeconds = {
      cpu: (cpuUsed.user + cpuUsed.system) / 1e6,
      wall: (performance.now() - started) / 1000,
    };
    // The database's CPU over the same window as ours: not its start, migrations or the checks below.
    if (database !== undefined) seconds.databaseCpu = database.cpuSeconds() - databaseStarted;
    await checkRecords(first, records);
    await logged?.check();
    return seconds;
  } finally {
    await Promise.all(running.map((stepwise) => stepwise.close()));
  }
}

/** Starts `count` executions named `NAME-i`, `startsAtOnce` at a time, dealt round-robin; their end records. */
async function runBatch(
  running: readonly Stepwise[],
  ended: Map<string, (record: ExecutionRecord) => void>,
  name: string,
  count: number,
  startsAtOnce: number,
): Promise<ExecutionRecord[]> {
  const arns = Array.from(
    { length: count },
    (_, i) => `${machineArn.replace('stateMachine', 'execution')}:${name}-${i}`,
  );
  const ends = arns.map((arn) => new Promise<ExecutionRecord>((resolve) => ended.set(arn, resolve)));
  let next = 0;
  const starter = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      await running[i % running.length]?.runtime.startExecution(start(arns[i] ?? '', i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(startsAtOnce, count) }, starter));
  return Promise.all(ends);
}

/** A node as the composition root builds it, on the system clock, its Tasks answered in process. */
function benchStepwise(
  node: BenchNode,
  onExecutionEnd: (record: ExecutionRecord) => void,
  logs: ExecutionLogs | undefined,
): Stepwise {
  return createStepwise({
    store: node.store,
    clock: systemClock,
    tasks,
    services: nodeServices,
    runtime: {
      onExecutionEnd,
      ...(node.signals === undefined ? {} : { signals: node.signals }),
      ...(logs === undefined ? {} : { onCommitted: logs.observe }),
    },
  });
}

function start(arn: string, i: number): ExecutionStart {
  return {
    arn,
    name: arn.slice(arn.lastIndexOf(':') + 1),
    type: 'STANDARD',
    stateMachineArn: machineArn,
    stateMachineName: 'durable',
    definition: JSON.stringify(durableDefinition),
    revisionId: 'r1',
    roleArn: `arn:aws:iam::${account}:role/bench`,
    input: JSON.stringify({ order: i }),
    startDate: Date.now(),
  };
}

/** Every execution ended as it should, with its full history. */
async function checkRecords(store: Store, records: readonly ExecutionRecord[]): Promise<void> {
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
}
