// The runtime the service calls: Standard executions on the durable store, Express executions on a
// memory store that forgets them when they end (at-least-once, no history kept), one task executor.

import type { EvaluationServices } from '@stepwise/core';
import { LocalSignals } from '../store/signals.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { ExecutionRecord, StateMachineType, Store } from '../store/store.ts';
import type { ActivityTask } from './activity-tasks.ts';
import type { Clock } from './clock.ts';
import type { ExecutionStart } from './execution-start.ts';
import { Runtime, type RuntimeOptions } from './runtime.ts';
import type { TaskAnswer } from './task-callbacks.ts';
import type { TaskPerformer } from './task-runner.ts';

export interface ExecutionRuntimeOptions {
  store: Store;
  tasks: TaskPerformer;
  clock: Clock;
  services?: EvaluationServices;
  nodeId?: string;
  onExecutionEnd?: (record: ExecutionRecord) => void;
  /** How long a claimed work item is this node's before another may take it over (60 s). */
  leaseMillis?: number;
  /** Told of each step's committed history events, Standard and Express alike (see RuntimeOptions). */
  onCommitted?: RuntimeOptions['onCommitted'];
  /** GetActivityTask's long poll (AWS: 60 s). */
  activityPollMillis?: number;
  /** Told of a work item that could not be performed (see RuntimeOptions). */
  onWorkError?: RuntimeOptions['onWorkError'];
  onSchedulerError?: RuntimeOptions['onSchedulerError'];
  /** The Standard runtime's wake-up hints, shared with other nodes (Express executions stay in-process). */
  signals?: RuntimeOptions['signals'];
  /**
   * How the durable runtime reads definitions: STANDARD, or EXPRESS for a harness that runs an Express
   * machine on the durable store to compare its history with AWS's recording (the conformance targets).
   */
  durableType?: StateMachineType;
  /** The quota on an execution's history events (`serve --max-history-events`; AWS's 25,000 when absent). */
  maxHistoryEvents?: number;
  /** Each runtime's budget for the states it keeps between steps (`serve --cache-mib`; see RuntimeOptions). */
  cacheBytes?: RuntimeOptions['cacheBytes'];
  /** Multiplies Waits, Retry back-offs and job polls (see RuntimeOptions). */
  waitTimeScale?: RuntimeOptions['waitTimeScale'];
  /** Describes and stops the jobs of `.sync` tasks (see RuntimeOptions). */
  jobs?: RuntimeOptions['jobs'];
}

/** How an Express execution run to completion by StartSyncExecution ended. */
export interface SyncOutcome {
  status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate: number;
}

export class ExecutionRuntime {
  readonly standard: Runtime;
  readonly express: Runtime;

  constructor(options: ExecutionRuntimeOptions) {
    this.standard = new Runtime({ ...options, type: options.durableType ?? 'STANDARD' });
    const memory = openSqliteStore({ file: ':memory:' });
    const signals = new LocalSignals();
    this.express = new Runtime({ ...options, store: memory, signals, type: 'EXPRESS', forgetFinished: true });
  }

  /** Starts both schedulers. */
  start(): void {
    this.standard.start();
    this.express.start();
  }

  /** Persists a Standard execution with its first step; an existing ARN is returned with `created: false`. */
  startExecution(execution: ExecutionStart): Promise<{ created: boolean; execution: ExecutionRecord }> {
    return this.standard.startExecution(execution);
  }

  /** Starts an Express execution in memory. */
  async startExpressExecution(execution: ExecutionStart): Promise<void> {
    await this.express.startExecution(execution);
  }

  /** Runs an Express execution until it ends (StartSyncExecution). */
  async runSyncExecution(execution: ExecutionStart): Promise<SyncOutcome> {
    const ended = this.express.whenEnded(execution.arn);
    await this.express.startExecution(execution);
    return syncOutcome(await ended);
  }

  stopExecution(arn: string, details: { error?: string; cause?: string }): Promise<ExecutionRecord> {
    return this.standard.stopExecution(arn, details);
  }

  redriveExecution(arn: string): Promise<ExecutionRecord> {
    return this.standard.redriveExecution(arn);
  }

  /** DeleteStateMachine: see machine-deletion.ts (Express executions live in memory and are not waited for). */
  deleteStateMachine(stateMachineArn: string): Promise<void> {
    return this.standard.deletion.begin(stateMachineArn);
  }

  /** UpdateMapRun: map runs live in the Standard store, whatever their children's type. */
  mapRunUpdated(mapRunArn: string): Promise<void> {
    return this.standard.mapRunUpdated(mapRunArn);
  }

  /** Callbacks and activities exist only in Standard executions (AWS refuses them in Express machines). */
  answerTask(token: string, answer: TaskAnswer): Promise<void> {
    return this.standard.answerTask(token, answer);
  }

  getActivityTask(activityArn: string, workerName?: string, signal?: AbortSignal): Promise<ActivityTask | undefined> {
    return this.standard.getActivityTask(activityArn, workerName, signal);
  }

  /** Ends GetActivityTask's polls (they answer with no task), so that shutdown never waits 60 s for them. */
  endActivityPolls(): void {
    this.standard.activityTasks.close();
  }

  /** Graceful shutdown of both runtimes; the Standard store stays open for its owner to close. */
  async close(): Promise<void> {
    await Promise.all([this.standard.close(), this.express.close()]);
    await this.express.store.close();
  }
}

function syncOutcome(record: ExecutionRecord): SyncOutcome {
  // A sync execution cannot be stopped through the API, so ABORTED does not occur; map it to FAILED.
  const status = record.status === 'SUCCEEDED' || record.status === 'TIMED_OUT' ? record.status : 'FAILED';
  const outcome: SyncOutcome = { status, startDate: record.startDate, stopDate: record.stopDate ?? record.startDate };
  if (record.output !== undefined) outcome.output = record.output;
  if (record.error !== undefined) outcome.error = record.error;
  if (record.cause !== undefined) outcome.cause = record.cause;
  return outcome;
}
