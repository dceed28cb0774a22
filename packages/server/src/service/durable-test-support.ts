// For service tests that need executions to run: the service over the real runtime (a memory SQLite
// store, a manual clock, fixed ids), with the nested-execution integration, driven in virtual time.

import { pino } from 'pino';
import { ManualClock } from '../runtime/clock.ts';
import { ExecutionRuntime } from '../runtime/execution-runtime.ts';
import { fixedServices } from '../runtime/runtime-test-support.ts';
import { createTaskExecutor } from '../runtime/tasks/executor.ts';
import type { FunctionResolver } from '../runtime/tasks/lambda.ts';
import { runInVirtualTime } from '../runtime/virtual-time.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { LogStore } from '../store/log-store.ts';
import type { ExecutionRecord, Store } from '../store/store.ts';
import type { OperationName } from './request-shapes.ts';
import { Arns } from './arns.ts';
import type { ServiceDeps } from './context.ts';
import { ExecutionLogs } from './execution-logs.ts';
import { stepFunctionsTaskHandlers } from './step-functions-tasks.ts';
import { createStepFunctionsService } from './service.ts';

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
  const arns = new Arns({ region: 'us-east-1', accountId: '123456789012' });
  const bound: { deps?: ServiceDeps } = {};
  const handlers = stepFunctionsTaskHandlers(() => {
    if (bound.deps === undefined) throw new Error('not ready');
    return bound.deps;
  });
  const tasks = createTaskExecutor({ region: 'us-east-1', accountId: '123456789012', handlers, ...options });
  const executionLogs = new ExecutionLogs({ store, logs: store, now: () => clock.now(), streamSuffix: '0a1b2c3d' });
  const runtime = new ExecutionRuntime({
    store,
    tasks,
    clock,
    services: fixedServices(),
    activityPollMillis: 60_000,
    onCommitted: executionLogs.observe,
  });
  let ids = 0;
  const deps: ServiceDeps = {
    store,
    runtime,
    arns,
    logs: store,
    now: () => clock.now(),
    random: () => 0,
    uuid: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  };
  bound.deps = deps;
  const api = createStepFunctionsService(deps);
  const log = pino({ level: 'silent' });
  const call = async (operation: OperationName, body: object, signal?: AbortSignal) =>
    (await api.call(operation, body, {
      requestId: 'test',
      log,
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
      await runtime.close();
      await executionLogs.flush();
      tasks.close();
      await store.close();
    },
  };
}
