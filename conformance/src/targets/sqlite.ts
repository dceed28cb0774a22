// The SQLite target: each execution case runs on the durable runtime in process, on a temporary SQLite
// file, with a manual clock that jumps to the next due timer (Waits and back-offs take no time). Nested
// executions go through the service's integration, activities to the recording test's worker (fixtures.ts).
// Cases that are not executions (validation, TestState, invalid definitions, skips) are the memory target's.
// The postgres target runs the same cases over PostgreSQL (runDurableCase).

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeDefinition } from '@stepwise/core';
import {
  createStepwise,
  describeExecution,
  ManualClock,
  openSqliteStore,
  runInVirtualTime,
  type Runtime,
  type Store,
} from 'stepwise';
import { prepareServices } from '../aws-services.ts';
import type { ConformanceCase } from '../case.ts';
import { caseStartTime, caseTaskOutcomes } from '../case-tasks.ts';
import { callbackWorker } from '../callback-consumer.ts';
import { activityArnOf, activityConsumer, childMachines, recordedStateMachineNames } from '../fixtures.ts';
import { pythonJsonDumps } from '../python-text.ts';
import type { HistoryEvent, Target, TargetResult } from '../target.ts';
import { machineType, memoryTarget, shortId } from './memory.ts';
import { notYetTargeted } from './not-yet-targeted.ts';
import { runApiCaseInProcess } from './api-in-process.ts';
import { runSyncCaseInProcess } from './sync-in-process.ts';

const account = '111111111111';
const region = 'us-east-1';
const roleName = 'stepwise-conformance';
const roleArn = `arn:aws:iam::${account}:role/${roleName}`;
/** As the memory target: timers later than this leave the execution RUNNING (as AWS recorded). */
const horizonMillis = 2 * 365 * 24 * 3600 * 1000;

export const sqliteTarget: Target = {
  name: 'sqlite',
  run: (c) => runCase(c),
};

function runCase(c: ConformanceCase): Promise<TargetResult> {
  return runDurableCase(c, async (run) => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-conformance-'));
    const store = openSqliteStore({ file: join(dir, 'stepwise.sqlite') });
    try {
      return await run(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Lends a fresh, empty store to `run` for one case. */
export type WithCaseStore = (run: (store: Store) => Promise<TargetResult>) => Promise<TargetResult>;

/** A case on the durable runtime over the store `withStore` lends; what it cannot run goes to memory. */
export async function runDurableCase(c: ConformanceCase, withStore: WithCaseStore): Promise<TargetResult> {
  if (c.kind === 'api_calls') return withStore((store) => runApiCaseInProcess(c, store));
  if (c.kind === 'sync_execution') {
    const text = c.definition_text ?? pythonJsonDumps(c.definition);
    const harness = { roleArn, roleName, stateMachineName: `statemachine_${shortId()}`, accountId: account, region };
    return withStore((store) => runSyncCaseInProcess(c, store, text, harness));
  }
  const executes = c.kind === 'execution' || c.kind === 'execution_output';
  if (!executes || notYetTargeted(c, { nestedExecutions: true, callbacks: true }) !== undefined)
    return memoryTarget.run(c);
  const text = c.definition_text ?? pythonJsonDumps(c.definition);
  const type = machineType(c);
  if (decodeDefinition(text, { type }).definition === undefined) return memoryTarget.run(c);
  return withStore((store) => runExecution(c, store, text, type));
}

async function runExecution(
  c: ConformanceCase,
  store: Store,
  definition: string,
  type: 'STANDARD' | 'EXPRESS',
): Promise<TargetResult> {
  const startTime = caseStartTime();
  const clock = new ManualClock(startTime);
  // GetActivityTask answers at once (no long poll): the worker below is served between rounds of work.
  const stepwise = createStepwise({
    store,
    clock,
    tasks: { execute: caseTaskOutcomes(c) },
    region,
    accountId: account,
    runtime: { activityPollMillis: 0, durableType: type },
  });
  try {
    return await driveExecution(c, { store, runtime: stepwise.runtime.standard, clock }, definition, type);
  } finally {
    await stepwise.close();
  }
}

/** Starts the case's execution and performs its work, timers and workers until it ends or the horizon. */
async function driveExecution(
  c: ConformanceCase,
  { store, runtime, clock }: { store: Store; runtime: Runtime; clock: ManualClock },
  definition: string,
  type: 'STANDARD' | 'EXPRESS',
): Promise<TargetResult> {
  const stateMachineName = `statemachine_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const executionName = c.execution_name ?? randomUUID();
  const stateMachineArn = `arn:aws:states:${region}:${account}:stateMachine:${stateMachineName}`;
  const arn = `arn:aws:states:${region}:${account}:execution:${stateMachineName}:${executionName}`;
  const startTime = clock.now();
  await createFixtures(c, store, startTime);
  const { input, literals, queueUrl } = await prepareServices(c);
  const start = { arn, name: executionName, type, stateMachineArn, stateMachineName, definition, roleArn, input };
  await runtime.startExecution({ ...start, revisionId: 'r1', startDate: startTime });
  const ended = async (): Promise<boolean> => (await store.getExecution(arn))?.status !== 'RUNNING';
  if ((c.other_api_calls ?? []).includes('StopExecution')) {
    const stopAt = startTime + 1000;
    await runInVirtualTime(runtime, clock, { until: ended, horizon: stopAt });
    clock.set(stopAt);
    await runtime.stopExecution(arn, {});
  }
  const worker = activityWorker(c, runtime);
  const consumer = callbackWorker(
    c,
    queueUrl,
    {
      heartbeat: (token) => runtime.answerTask(token, { kind: 'heartbeat' }),
      answer: (token, answer) =>
        runtime.answerTask(token, 'output' in answer ? { kind: 'success', ...answer } : { kind: 'failure', ...answer }),
    },
    {
      now: () => clock.now(),
      set: (time) => {
        clock.set(time);
      },
      nextWakeTime: () => store.nextWakeTime(),
    },
  );
  // The workers take every task waiting after each round of due work, before the clock moves on.
  const served = async (): Promise<boolean> => {
    while ((await worker()) || (consumer !== undefined && (await consumer())));
    return ended();
  };
  await runInVirtualTime(runtime, clock, { until: served, horizon: startTime + horizonMillis });
  const record = await store.getExecution(arn);
  if (record === undefined) throw new Error(`execution ${arn} vanished`);
  const history = await store.getHistory(arn, { limit: 1_000_000 });
  const events: HistoryEvent[] = history.items.map((event) => ({ ...event, timestamp: new Date(event.timestamp) }));
  return {
    kind: 'execution',
    status: record.status,
    output: record.output,
    error: record.error,
    cause: record.cause,
    events,
    describe: describeExecution(record.state, record.state.stopTime ?? record.state.startTime),
    harness: {
      roleArn,
      roleName,
      stateMachineName,
      accountId: account,
      region,
      executionName,
      recordedStateMachineNames: recordedStateMachineNames(c),
      ...(literals === undefined ? {} : { literals }),
    },
  };
}

/** The activity and child state machines the recording test created before it started the execution. */
async function createFixtures(c: ConformanceCase, store: Store, now: number): Promise<void> {
  const activityArn = activityArnOf(c);
  if (activityArn !== undefined && activityConsumer(c) !== undefined) {
    const name = activityArn.slice(activityArn.lastIndexOf(':') + 1);
    await store.createActivity({ arn: activityArn, name, creationDate: now });
  }
  for (const child of childMachines(c)) {
    await store.createStateMachine({
      arn: `arn:aws:states:${region}:${account}:stateMachine:${child.name}`,
      name: child.name,
      type: 'STANDARD',
      definition: JSON.stringify(child.definition),
      roleArn,
      revisionId: 'r1',
      creationDate: now,
    });
  }
}

/** Serves one waiting activity task with the recording test's worker; false when there was none. */
function activityWorker(c: ConformanceCase, runtime: Runtime): () => Promise<boolean> {
  const consumer = activityConsumer(c);
  const activityArn = activityArnOf(c);
  return async () => {
    if (consumer === undefined || activityArn === undefined) return false;
    const task = await runtime.getActivityTask(activityArn, consumer.workerName);
    if (task === undefined) return false;
    const answer = consumer.answer(task.input);
    await runtime.answerTask(
      task.taskToken,
      'output' in answer ? { kind: 'success', output: answer.output } : { kind: 'failure', ...answer },
    );
    return true;
  };
}
