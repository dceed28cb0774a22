// For service tests that need executions to run: Stepwise as the composition root assembles it (a memory
// SQLite store, a manual clock, fixed ids), driven in virtual time.

import { ManualClock } from '../runtime/clock.ts';
import { fixedServices } from '../runtime/runtime-test-support.ts';
import { createTaskExecutor } from '../runtime/tasks/executor.ts';
import type { FunctionResolver } from '../runtime/tasks/lambda.ts';
import { runInVirtualTime } from '../runtime/virtual-time.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { LogStore } from '../store/log-store.ts';
import type { ExecutionRecord, Store } from '../store/store.ts';
import type { OperationName } from './request-shapes.ts';
import type { Arns } from './arns.ts';
import { createStepwise } from './create-stepwise.ts';
import type { ExecutionLogs } from './execution-logs.ts';
import type { ExecutionRuntime } from '../runtime/execution-runtime.ts';

export const t0 = Date.UTC(2024, 0, 1);
export const roleArn = 'arn:aws:iam::123456789012:role/test';

export interface DurableService {
  store: Store & LogStore;
  /** Execution logs as serve writes them (flush() before reading the log store). */
  executionLogs: ExecutionLogs;
  clock: ManualClock;
  runtime: ExecutionRuntime;
  arns: Arns;
  call(operation: OperationName, body: object, signal?: AbortSignal): Promise<Record<string, unknown>>;
  /** Creates a Standard machine and returns its ARN. */
  machine(name: string, definition: object): Promise<string>;
  /** Performs due work, moving the clock, until `arn` has ended (or nothing is left). */
  runUntilEnded(arn: string): Promise<ExecutionRecord>;
  close(): Promise<void>;
}

/** `definedFunctions`: functions a template declares, answered before any other Lambda task handler. */
export function durableService(options: { definedFunctions?: FunctionResolver } = {}): DurableService {
  const store = openSqliteStore({ file: ':memory:' });
  const clock = new ManualClock(t0);
  const tasks = createTaskExecutor({ region: 'us-east-1', accountId: '123456789012', ...options });
  let ids = 0;
  const stepwise = createStepwise({
    store,
    logs: store,
    clock,
    tasks,
    services: fixedServices(),
    random: () => 0,
    uuid: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    runtime: { activityPollMillis: 60_000 },
    executionLogs: { streamSuffix: '0a1b2c3d' },
  });
  const { api, runtime, deps } = stepwise;
  const executionLogs = stepwise.executionLogs;
  if (executionLogs === undefined) throw new Error('execution logs were asked for');
  const arns = deps.arns;
  const call = async (operation: OperationName, body: object, signal?: AbortSignal) =>
    (await api.call(operation, body, {
      requestId: 'test',
      ...(signal === undefined ? {} : { signal }),
    })) as Record<string, unknown>;
  return {
    store,
    executionLogs,
    clock,
    runtime,
    arns,
    call,
    machine: async (name, definition) => {
      const created = await call('CreateStateMachine', { name, roleArn, definition: JSON.stringify(definition) });
      return created.stateMachineArn as string;
    },
    runUntilEnded: async (arn) => {
      const ended = async (): Promise<boolean> => (await store.getExecution(arn))?.status !== 'RUNNING';
      await runInVirtualTime(runtime.standard, clock, { until: ended });
      const record = await store.getExecution(arn);
      if (record === undefined) throw new Error(`no execution ${arn}`);
      return record;
    },
    close: async () => {
      await stepwise.close();
      tasks.close();
      await store.close();
    },
  };
}
