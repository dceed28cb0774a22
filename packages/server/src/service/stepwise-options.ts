// What the composition root (create-stepwise.ts) is given and what it returns: its own module, so that the
// parts it is assembled from (stepwise-wiring.ts, stepwise-side-parts.ts) can name them without importing it.

import type { EvaluationServices, TaskInvocation, TaskResult } from '@stepwise/core';
import type { Logger } from 'pino';
import type { Clock } from '../runtime/clock.ts';
import type { ExecutionRetention } from '../runtime/execution-retention.ts';
import type { ExecutionRuntime, ExecutionRuntimeOptions } from '../runtime/execution-runtime.ts';
import type { TaskPerformer } from '../runtime/task-runner.ts';
import type { LogStore } from '../store/log-store.ts';
import type { Store } from '../store/store.ts';
import type { TriggerStore } from '../store/trigger-store.ts';
import type { AccountTriggerApis } from './account-trigger-apis.ts';
import type { AccountServices } from './accounts.ts';
import type { StepFunctionsApi } from './api.ts';
import type { TargetApi } from './cloudwatch-logs/logs-service.ts';
import type { ServiceDeps } from './context.ts';
import type { ExecutionLogs, ExecutionLogsOptions } from './execution-logs.ts';
import type { NewExecution } from './runtime-port.ts';
import type { TriggerWorkers, TriggerWorkerSettings } from './trigger-workers.ts';

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
   * The EventBridge, Scheduler and Pipes APIs over these triggers; without `background` on the same clock,
   * with no delivery worker or pollers (the conformance targets call them).
   */
  triggers?: TriggerStore;
  /** Keeps finished executions this many days (`--retention-days`); gives `retention`. */
  retentionDays?: number;
  /**
   * The work `serve` runs on its own, set going by `start()` and stopped by `close()`: the trigger workers
   * over `triggers` (deliveries, schedules, pipes, routes, an S3 queue; on the wall clock), the sweep of
   * `retention` and of the log groups' retention over `logs`, each reporting to `log`. Without it, tests
   * and conformance targets drive these themselves in virtual time.
   */
  background?: { log: Logger; triggers?: TriggerWorkerSettings };
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
  /** The running trigger workers, with `background` and `triggers` (serve's HTTP edges use their parts). */
  triggerWorkers?: TriggerWorkers;
  /** Starts the schedulers (and the background work); tests that drive the runtime in virtual time do not. */
  start(): void;
  /**
   * Stops the background work and the runtime and writes the pending log records; the stores stay open for
   * their owner to close.
   */
  close(): Promise<void>;
}
