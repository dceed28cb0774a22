// The SQLite target: each execution case runs on the durable runtime in process, on a temporary SQLite
// file, with a manual clock that jumps to the next due timer (Waits and back-offs take no time). Cases
// that are not executions (validation, TestState, invalid definitions, skips) are the memory target's.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeDefinition } from '@stepwise/core';
import {
  describeExecution,
  ManualClock,
  nodeServices,
  openSqliteStore,
  Runtime,
  runInVirtualTime,
  type Store,
} from 'stepwise';
import type { ConformanceCase } from '../case.ts';
import { caseTasks } from '../case-tasks.ts';
import { pythonJsonDumps } from '../python-text.ts';
import type { HistoryEvent, Target, TargetResult } from '../target.ts';
import { machineType, memoryTarget } from './memory.ts';
import { notYetTargeted } from './not-yet-targeted.ts';

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

async function runCase(c: ConformanceCase): Promise<TargetResult> {
  const executes = c.kind === 'execution' || c.kind === 'execution_output';
  if (!executes || notYetTargeted(c) !== undefined) return memoryTarget.run(c);
  const text = c.definition_text ?? pythonJsonDumps(c.definition);
  const type = machineType(c);
  if (decodeDefinition(text, { type }).definition === undefined) return memoryTarget.run(c);
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-conformance-'));
  const store = openSqliteStore({ file: join(dir, 'stepwise.sqlite') });
  try {
    return await runExecution(c, store, text, type);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runExecution(
  c: ConformanceCase,
  store: Store,
  definition: string,
  type: 'STANDARD' | 'EXPRESS',
): Promise<TargetResult> {
  const stateMachineName = `statemachine_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const executionName = c.execution_name ?? randomUUID();
  const stateMachineArn = `arn:aws:states:${region}:${account}:stateMachine:${stateMachineName}`;
  const arn = `arn:aws:states:${region}:${account}:execution:${stateMachineName}:${executionName}`;
  const startTime = Date.now();
  const clock = new ManualClock(startTime);
  const tasks = { execute: caseTasks(c) };
  const runtime = new Runtime({ store, clock, tasks, type, services: nodeServices });
  const input = c.input_text ?? JSON.stringify(c.input ?? {});
  const start = { arn, name: executionName, type, stateMachineArn, stateMachineName, definition, roleArn, input };
  await runtime.startExecution({ ...start, revisionId: 'r1', startDate: startTime });
  const ended = async (): Promise<boolean> => (await store.getExecution(arn))?.status !== 'RUNNING';
  if ((c.other_api_calls ?? []).includes('StopExecution')) {
    const stopAt = startTime + 1000;
    await runInVirtualTime(runtime, clock, { until: ended, horizon: stopAt });
    clock.set(stopAt);
    await runtime.stopExecution(arn, {});
  }
  await runInVirtualTime(runtime, clock, { until: ended, horizon: startTime + horizonMillis });
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
    harness: { roleArn, roleName, stateMachineName, accountId: account, region, executionName },
  };
}
