// The composition root: a store, a clock and a Task performer wired into the durable runtime and the Step
// Functions service, with the Tasks that call Step Functions itself bound to that same service. `serve`,
// the conformance targets, the service tests and the benchmarks all assemble Stepwise here.

import { randomUUID } from 'node:crypto';
import type { EvaluationServices, TaskInvocation, TaskResult } from '@stepwise/core';
import type { Clock } from '../runtime/clock.ts';
import { ExecutionRetention } from '../runtime/execution-retention.ts';
import { ExecutionRuntime, type ExecutionRuntimeOptions } from '../runtime/execution-runtime.ts';
import { nodeServices } from '../runtime/services.ts';
import type { TaskPerformer } from '../runtime/task-runner.ts';
import type { LogStore } from '../store/log-store.ts';
import type { Store } from '../store/store.ts';
import type { StepFunctionsApi } from './api.ts';
import { Arns } from './arns.ts';
import type { ServiceDeps } from './context.ts';
import { accountGroupKey, accountLogStore, accountLogsService } from './cloudwatch-logs/account-log-groups.ts';
import type { TargetApi } from './cloudwatch-logs/logs-service.ts';
import { ExecutionLogs, type ExecutionLogsOptions } from './execution-logs.ts';
import type { ExecutionRuntime as RuntimePort, NewExecution } from './runtime-port.ts';
import { accountServices, type AccountServices } from './accounts.ts';
import type { TriggerStore } from '../store/trigger-store.ts';
import { triggerApisOver, type AccountTriggerApis } from './account-trigger-apis.ts';
import { stepFunctionsTaskHandlers } from './step-functions-tasks.ts';
import { engineTestState } from './test-state.ts';

export interface StepwiseOptions {
  /** Where machines, executions and their work live (SQLite or PostgreSQL). */
  store: Store;
  /** Log groups and execution log records; without it LoggingConfiguration destinations are not checked. */
  logs?: LogStore;
  clock: Clock;
  /** Performs Task states; those calling Step Functions (nested executions) never reach it. */
  tasks: TaskPerformer;
  services?: EvaluationServices;
  region?: string;
  accountId?: string;
  random?: () => number;
  uuid?: () => string;
  /** The runtime's settings beyond the store, clock, tasks and services (leases, polls, callbacks). */
  runtime?: Omit<ExecutionRuntimeOptions, 'store' | 'tasks' | 'clock' | 'services'>;
  /** Writes execution log records (to `logs`) as the machines' LoggingConfiguration asks. */
  executionLogs?: Pick<ExecutionLogsOptions, 'streamSuffix' | 'onError' | 'copy'>;
  /** Sees each execution the API starts before it runs, and may refuse it (serve: a mock file's test case). */
  beforeStart?: (execution: NewExecution) => void;
  /** Wraps the whole performer, Step Functions' own integrations included (serve: a mock file answers first). */
  intercept?: (tasks: TaskPerformer) => TaskPerformer;
  /** Performs TestState's unmocked Task; without it TestState refuses one, as AWS does when it cannot run it. */
  invokeTask?: (invocation: TaskInvocation) => Promise<TaskResult>;
  /**
   * Refuse other accounts' ARNs (AccessDenied) in every call, Tasks' included: a server with keys of several
   * accounts (--auth). Without it a foreign ARN is read as the caller's own account's.
   */
  isolateAccounts?: boolean;
  /**
   * The EventBridge, Scheduler and Pipes APIs over these triggers, on the same clock, with no delivery worker
   * or pollers (the conformance targets call them; `serve` runs its own, see cli/serve-triggers.ts).
   */
  triggers?: TriggerStore;
  /** Keeps finished executions this many days (`--retention-days`); gives `retention`, its sweep not started. */
  retentionDays?: number;
}

export interface Stepwise {
  /** Each call goes to the service of its account (the default account's when it names none). */
  api: StepFunctionsApi;
  /** The default account's dependencies (the loader, the console and other APIs reuse them). */
  deps: ServiceDeps;
  /** One service per account, over the one store and runtime. */
  accounts: AccountServices;
  runtime: ExecutionRuntime;
  executionLogs?: ExecutionLogs;
  /** The trigger APIs of an account (the default one's for undefined), when `triggers` was given. */
  triggerApis?: (account: string | undefined) => AccountTriggerApis;
  /** CloudWatch Logs' API over `logs`, each account's groups its own, when `logs` was given. */
  logsApi?: TargetApi;
  /** Deletes executions past `retentionDays` on the clock when swept (the conformance targets sweep it). */
  retention?: ExecutionRetention;
  /** Starts the schedulers; tests that drive the runtime in virtual time leave them stopped. */
  start(): void;
  /** Stops the runtime and writes the pending log records; the stores stay open for their owner to close. */
  close(): Promise<void>;
}

export function createStepwise(options: StepwiseOptions): Stepwise {
  const now = (): number => options.clock.now();
  const services = options.services ?? nodeServices;
  const arns = new Arns({ region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012' });
  const executionLogs = openExecutionLogs(options, now, arns.scope.accountId);
  // A Task that calls Step Functions goes through its account's service, which needs the runtime: bound late.
  const bound: { accounts?: AccountServices } = {};
  const runtime = new ExecutionRuntime({
    ...options.runtime,
    store: options.store,
    clock: options.clock,
    services,
    tasks: (options.intercept ?? ((tasks) => tasks))(withSelfCalls(options.tasks, () => bound.accounts)),
    ...committedObserver(options.runtime?.onCommitted, executionLogs),
  });
  const port = checkedStarts(runtime, options.beforeStart);
  const { region, accountId } = arns.scope;
  const invokeTask = options.invokeTask === undefined ? {} : { invokeTask: options.invokeTask };
  const accounts = accountServices({
    defaultAccount: accountId,
    isolate: options.isolateAccounts === true,
    optionsFor: (account) => ({
      store: options.store,
      runtime: port,
      arns: new Arns({ region, accountId: account }),
      now,
      random: options.random ?? Math.random,
      uuid: options.uuid ?? randomUUID,
      ...(options.logs === undefined
        ? {}
        : { logs: accountLogs(options.logs, options.isolateAccounts === true, account, accountId) }),
      // With accounts isolated, each has its own log groups: another account's destination is not found.
      ...(options.isolateAccounts === true ? { logsAccount: account } : {}),
      testState: engineTestState({ region, accountId: account, now, services, ...invokeTask }),
    }),
  });
  bound.accounts = accounts;
  return {
    api: accounts.api,
    deps: accounts.of(undefined).deps,
    accounts,
    runtime,
    ...(executionLogs === undefined ? {} : { executionLogs }),
    ...(options.triggers === undefined
      ? {}
      : {
          triggerApis: triggerApisOver(options.triggers, { region, accountId, now, uuid: options.uuid ?? randomUUID }),
        }),
    ...(options.logs === undefined
      ? {}
      : { logsApi: accountLogsService({ logs: options.logs, region, accountId, now }) }),
    ...(options.retentionDays === undefined
      ? {}
      : { retention: new ExecutionRetention({ store: options.store, retentionDays: options.retentionDays, now }) }),
    start: () => {
      runtime.start();
    },
    close: async () => {
      await runtime.close();
      await executionLogs?.flush();
    },
  };
}

function openExecutionLogs(
  options: StepwiseOptions,
  now: () => number,
  serverAccount: string,
): ExecutionLogs | undefined {
  if (options.executionLogs === undefined || options.logs === undefined) return undefined;
  // Each account's records go to its own group of the name its machine's destination gives.
  const groupKey = options.isolateAccounts === true ? accountGroupKey(serverAccount) : undefined;
  return new ExecutionLogs({
    store: options.store,
    logs: options.logs,
    now,
    ...options.executionLogs,
    ...(groupKey === undefined ? {} : { groupKey }),
  });
}

/** The log groups an account's service sees: its own when accounts are isolated, else every group. */
function accountLogs(logs: LogStore, isolate: boolean, account: string, serverAccount: string): LogStore {
  return isolate ? accountLogStore(logs, account, serverAccount) : logs;
}

/** The runtime's onCommitted: execution logs first, then the caller's observer (metrics). */
function committedObserver(
  observer: ExecutionRuntimeOptions['onCommitted'],
  logs: ExecutionLogs | undefined,
): Pick<ExecutionRuntimeOptions, 'onCommitted'> {
  if (logs === undefined) return observer === undefined ? {} : { onCommitted: observer };
  if (observer === undefined) return { onCommitted: logs.observe };
  return {
    onCommitted: (record, events) => {
      logs.observe(record, events);
      observer(record, events);
    },
  };
}

/** The performer with Step Functions' own integrations (nested executions) in front, served by `accounts()`. */
function withSelfCalls(tasks: TaskPerformer, accounts: () => AccountServices | undefined): TaskPerformer {
  const selfCalls = stepFunctionsTaskHandlers((account) => {
    const ready = accounts();
    if (ready === undefined) throw new Error('the service is not ready');
    return ready.of(account);
  });
  return {
    execute: (invocation, executeOptions = {}) => {
      const handler = selfCalls.find((candidate) => candidate.handles(invocation.resource));
      return handler === undefined
        ? tasks.execute(invocation, executeOptions)
        : handler.execute(invocation, executeOptions);
    },
  };
}

/** The runtime as the service sees it, each start shown to `beforeStart` first. */
function checkedStarts(runtime: ExecutionRuntime, beforeStart: StepwiseOptions['beforeStart']): RuntimePort {
  if (beforeStart === undefined) return runtime;
  const checked = (execution: NewExecution): NewExecution => {
    beforeStart(execution);
    return execution;
  };
  return {
    startExecution: (execution) => runtime.startExecution(checked(execution)),
    startExpressExecution: (execution) => runtime.startExpressExecution(checked(execution)),
    runSyncExecution: (execution) => runtime.runSyncExecution(checked(execution)),
    stopExecution: (arn, details) => runtime.stopExecution(arn, details),
    redriveExecution: (arn) => runtime.redriveExecution(arn),
    answerTask: (token, answer) => runtime.answerTask(token, answer),
    getActivityTask: (activityArn, workerName, signal) => runtime.getActivityTask(activityArn, workerName, signal),
    mapRunUpdated: (mapRunArn) => runtime.mapRunUpdated(mapRunArn),
    deleteStateMachine: (arn) => runtime.deleteStateMachine(arn),
  };
}
