// What the service needs from the execution runtime, stated from the service's side: the durable runtime (or a
// thin adapter over it) implements this, and tests can stand in for it.

import type { ActivityTask } from '../runtime/activity-tasks.ts';
import type { SyncOutcome } from '../runtime/execution-runtime.ts';
import type { ExecutionStart } from '../runtime/execution-start.ts';
import type { TaskAnswer } from '../runtime/task-callbacks.ts';
import type { ExecutionRecord } from '../store/store.ts';

/** Everything fixed when an execution starts; the runtime adds the engine state and runs it. */
export type NewExecution = ExecutionStart;

export type { ActivityTask, SyncOutcome, TaskAnswer };

export interface ExecutionRuntime {
  /**
   * Persists a Standard execution with its first step and runs it. When one with the same ARN exists,
   * nothing is written and that one is returned with `created: false` (the service then compares inputs).
   */
  startExecution(execution: NewExecution): Promise<{ created: boolean; execution: ExecutionRecord }>;
  /** Starts an Express execution in memory, at-least-once, without history (StartExecution on EXPRESS). */
  startExpressExecution(execution: NewExecution): Promise<void>;
  /** Runs an Express execution in memory until it ends (StartSyncExecution). */
  runSyncExecution(execution: NewExecution): Promise<SyncOutcome>;
  /** Stops a running Standard execution with AWS's events; resolves with its record after the stop. */
  stopExecution(arn: string, details: { error?: string; cause?: string }): Promise<ExecutionRecord>;
  /** Redrives a failed/aborted/timed-out Standard execution from where it failed. */
  redriveExecution(arn: string): Promise<ExecutionRecord>;
  /**
   * SendTaskSuccess/Failure/Heartbeat: applies the answer to the task the token names. Throws the
   * runtime's InvalidToken, TaskDoesNotExist or TaskTimedOut.
   */
  answerTask(token: string, answer: TaskAnswer): Promise<void>;
  /** GetActivityTask's long poll: a task for the worker, or undefined (none in time, or `signal` ended it). */
  getActivityTask(activityArn: string, workerName?: string, signal?: AbortSignal): Promise<ActivityTask | undefined>;
  /**
   * DeleteStateMachine: marks the machine DELETING with its versions and aliases gone; its running executions
   * fail at their next transition and the machine goes when the last has ended (at once when none runs).
   */
  deleteStateMachine(stateMachineArn: string): Promise<void>;
  /** UpdateMapRun changed a Distributed Map run's settings, which take effect at once. */
  mapRunUpdated(mapRunArn: string): Promise<void>;
}
