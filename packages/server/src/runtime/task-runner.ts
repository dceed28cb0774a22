// Performs claimed task work: calls the task executor, then feeds its answer back as the next step
// (consuming the work item), or later on the clock when the answer says how long it took. A callback
// or `.sync` task's answer is only TaskSubmitted: the task then waits for its token or its job. A call in
// progress is aborted when the engine cancels its task (timeout, stop) or the runtime shuts down.

import type { EngineInput, ExecutionState, TaskInvocation } from '@stepwise/core';
import { keepsMapRuns } from '../store/map-run-store.ts';
import type { ClaimedWork, StepCommit, Store, WorkItem } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { StartedJob } from './job-polls.ts';
import type { ExecuteOptions, TaskExecutor, TaskOutcome } from './tasks/executor.ts';
import { resultWorkId } from './work-changes.ts';

export type TaskPerformer = Pick<TaskExecutor, 'execute'>;

/** What the task runner needs of the runtime (kept narrow, so the two modules do not import each other). */
export interface TaskHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly nodeId: string;
  readonly isClosing: boolean;
  apply(
    arn: string,
    inputFor: (state: ExecutionState) => EngineInput | undefined,
    options?: { consumes: string; claim: StepCommit['claim'] },
  ): Promise<unknown>;
  transfer(arn: string, consumes: string, addWork: WorkItem[], claim?: StepCommit['claim']): Promise<boolean>;
  /** A `.sync` task started its job: record TaskSubmitted and start polling (job-polls.ts). */
  jobStarted(started: StartedJob): Promise<void>;
}

type TaskWork = Extract<ClaimedWork, { kind: 'task' }>;

export class TaskRunner {
  private readonly inFlight = new Map<string, AbortController>();

  constructor(
    private readonly host: TaskHost,
    private readonly tasks: TaskPerformer,
  ) {}

  /** A ResultWriter's call reads the run's children from the store (map-run-s3.ts). */
  private executeOptions(item: TaskWork, signal: AbortSignal): ExecuteOptions {
    const options: ExecuteOptions = { signal, executionArn: item.executionArn };
    const store = this.host.store;
    if (item.invocation.mapRun === 'resultWriter' && keepsMapRuns(store))
      options.mapRunItems = (arn, after, limit) => store.mapRunItems(arn, after, limit);
    return options;
  }

  async perform(item: TaskWork): Promise<void> {
    const controller = new AbortController();
    this.inFlight.set(item.id, controller);
    const startedAt = this.host.clock.now();
    let outcome: TaskOutcome | undefined;
    try {
      outcome = await this.tasks.execute(item.invocation, this.executeOptions(item, controller.signal));
    } catch (error) {
      outcome = { error: 'States.TaskFailed', cause: error instanceof Error ? error.message : String(error) };
    } finally {
      this.inFlight.delete(item.id);
    }
    if (controller.signal.aborted) {
      // Shutdown: give the work back so the next start performs it at once. Engine cancellation:
      // the step that cancelled the task already removed its work item.
      if (this.host.isClosing) await this.host.store.releaseWork(this.host.nodeId, [item.id]);
      return;
    }
    const arn = item.executionArn;
    // The claim this call was made under: if this node's lease ran out and another node took the task
    // over, the commit is refused ('fenced') and the other node's answer is the one that counts.
    const claim = { owner: item.leaseOwner, attempts: item.attempts };
    if ('handedOver' in outcome) {
      await this.host.transfer(arn, item.id, [], claim);
      return;
    }
    if ('jobStarted' in outcome) {
      await this.host.jobStarted({ item, ...outcome.jobStarted, claim });
      return;
    }
    if ('submitted' in outcome && outcome.submitted !== undefined) {
      const submitted: EngineInput = {
        type: 'TaskSubmitted',
        taskId: item.invocation.taskId,
        output: outcome.submitted,
      };
      await this.host.apply(arn, () => submitted);
    }
    const input = answerOf(item.invocation, outcome);
    // Whole milliseconds: the stores keep times as integers (PostgreSQL's bigint refuses a local function's
    // measured 12.34 ms).
    const durationMillis = Math.round((outcome.durationSeconds ?? 0) * 1000);
    const dueTime = startedAt + durationMillis;
    // A local function reports how long it ran, which has passed already: its answer is applied at once,
    // without a second work item. A mock's duration may lie ahead: its answer is delivered then.
    if (dueTime > this.host.clock.now()) {
      const delivery: WorkItem = { id: resultWorkId(item.id), executionArn: arn, kind: 'input', dueTime, input };
      await this.host.transfer(arn, item.id, [delivery], claim);
      return;
    }
    await this.host.apply(arn, () => input, { consumes: item.id, claim });
  }

  /** Aborts the calls in progress of tasks the engine cancelled. */
  cancel(workIds: readonly string[]): void {
    for (const id of workIds) this.inFlight.get(id)?.abort();
  }

  abortAll(): void {
    for (const controller of this.inFlight.values()) controller.abort();
  }

  /** Keeps the leases of long calls alive, so another node does not take them over. */
  async renewLeases(leaseUntil: number): Promise<void> {
    if (this.inFlight.size === 0) return;
    await this.host.store.renewLeases(this.host.nodeId, [...this.inFlight.keys()], leaseUntil);
  }
}

/** The engine's input for what the call produced: its result, or the integration's response to a callback task. */
function answerOf(
  invocation: TaskInvocation,
  outcome: Exclude<TaskOutcome, { handedOver: true } | { jobStarted: unknown }>,
): EngineInput {
  const taskId = invocation.taskId;
  if ('waitingForCallback' in outcome) return { type: 'TaskSubmitted', taskId, output: outcome.output ?? '{}' };
  if ('output' in outcome) return { type: 'TaskSucceeded', taskId, output: outcome.output };
  const input: EngineInput = { type: 'TaskFailed', taskId, error: outcome.error };
  if (outcome.cause !== undefined) input.cause = outcome.cause;
  return input;
}
