// Job `.sync` tasks (Batch, Glue, SageMaker, ECS, Athena, CodeBuild): after the start call, the job's handle is a work item committed
// with TaskSubmitted; each poll is that item falling due, which describes the job and either answers the
// task (consuming the item) or puts the item back later, backing off from 1 s to 30 s as AWS polls these
// services. Any node resumes it after a restart. A cancelled task (stopped, timed out, its branch failed)
// turns its item into a stop call, committed with the step that cancelled it.

import {
  awaitedTasks,
  parseResource,
  waitsForTask,
  type EngineInput,
  type ExecutionState,
  type JsonValue,
  type TaskInvocation,
  type TaskResult,
} from '@stepwise/core';
import type { ClaimedWork, JobWork, StepCommit, Store, WorkItem } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { workId } from './work-changes.ts';

/** What a poll found: the job still going, or the task's result. */
export type JobPoll = { running: true } | TaskResult;

/** The service calls of jobs (tasks/aws/job-tasks.ts); absent when Stepwise calls no AWS services. */
export interface JobPerformer {
  poll(job: JobWork, signal?: AbortSignal): Promise<JobPoll>;
  /** Stops the job; the failure of the stop call when there is one (the job may have ended already). */
  stop(job: JobWork): Promise<TaskResult | undefined>;
}

type JobItem = Extract<ClaimedWork, { kind: 'job' }>;

const firstPollMillis = 1_000;
const maxPollMillis = 30_000;
/** Under `--time-scale 0` a poll still waits this long, so that a running job is not asked in a busy loop. */
const minScaledPollMillis = 50;

/** The id of a task's job item: one per task, rewritten by each poll. */
export const jobWorkId = (executionArn: string, taskId: string): string => `${workId(executionArn, taskId)}#job`;

/** When the poll after `polls` polls falls due: 1 s, 2 s, 4 s, ... up to 30 s, times the wait time scale. */
export function nextPollTime(now: number, polls: number, scale: number): number {
  const delay = Math.min(firstPollMillis * 2 ** Math.min(polls, 16), maxPollMillis);
  return now + (scale === 1 ? delay : Math.max(minScaledPollMillis, delay * scale));
}

/** The first poll of a job its task just started, due after the first back-off. */
export function firstPoll(
  item: { id: string; executionArn: string },
  job: Omit<JobWork, 'polls' | 'action'>,
  now: number,
  scale: number,
): WorkItem {
  const work: JobWork = { ...job, action: 'poll', polls: 0 };
  const id = jobWorkId(item.executionArn, job.taskId);
  return { id, executionArn: item.executionArn, kind: 'job', dueTime: nextPollTime(now, 0, scale), job: work };
}

/** Whether a resource runs a job polled here: a `.sync` integration other than nested executions. */
export function isJobResource(resource: string): boolean {
  const parsed = parseResource(resource);
  return parsed.kind === 'integration' && parsed.pattern === 'sync' && !parsed.sdk && parsed.service !== 'states';
}

/** The engine ids of the job `.sync` tasks an execution waits for now (read before a step cancels them). */
export function jobTasks(state: ExecutionState): Set<string> {
  return new Set(
    awaitedTasks(state)
      .filter((task) => isJobResource(task.resource))
      .map((task) => task.taskId),
  );
}

/**
 * For the cancelled job tasks: their poll items go and stop calls take their place (a task cancelled before
 * its job's handle was committed has no item: the task runner stops that job itself).
 */
export async function stopJobs(
  store: Store,
  executionArn: string,
  cancelled: readonly string[],
  now: number,
): Promise<{ add: WorkItem[]; remove: string[] }> {
  if (cancelled.length === 0) return { add: [], remove: [] };
  const ids = new Set(cancelled.map((taskId) => jobWorkId(executionArn, taskId)));
  const polls = (await store.listWork(executionArn)).filter((item) => item.kind === 'job' && ids.has(item.id));
  const add: WorkItem[] = [];
  for (const item of polls) {
    if (item.kind !== 'job') continue;
    const job: JobWork = { ...item.job, action: 'stop' };
    add.push({ id: `${item.id}-stop`, executionArn, kind: 'job', dueTime: now, job });
  }
  return { add, remove: polls.map((item) => item.id) };
}

/** What job polls need of the runtime. */
export interface JobHost {
  readonly clock: Clock;
  apply(
    arn: string,
    inputFor: (state: ExecutionState) => EngineInput | undefined,
    options?: { consumes?: string; addWork?: WorkItem[]; claim?: Claim },
  ): Promise<{ stepped: boolean } | undefined>;
  transfer(arn: string, consumes: string, addWork: WorkItem[], claim?: Claim): Promise<boolean>;
}

/** The claim a work item was performed under: its commit is refused when another node claimed it since. */
type Claim = StepCommit['claim'];

/** A task's job just started: its task work item, and the start call's response and job handle. */
export interface StartedJob {
  item: { id: string; executionArn: string; invocation: TaskInvocation };
  submitted: string;
  handle: JsonValue;
  claim?: Claim;
}

export class JobPolls {
  constructor(
    private readonly host: JobHost,
    private readonly performer: JobPerformer | undefined,
    private readonly waitTimeScale: number,
  ) {}

  /**
   * Records TaskSubmitted and the job's first poll, consuming the task's work item; a task cancelled while
   * its job was being started has its job stopped at once (no step would ever poll it).
   */
  async started({ item, submitted, handle, claim }: StartedJob): Promise<void> {
    const taskId = item.invocation.taskId;
    const job = { resource: item.invocation.resource, taskId, handle };
    const input: EngineInput = { type: 'TaskSubmitted', taskId, output: submitted };
    const poll = firstPoll(item, job, this.host.clock.now(), this.waitTimeScale);
    const applied = await this.host.apply(
      item.executionArn,
      (state) => (waitsForTask(state, taskId) ? input : undefined),
      { consumes: item.id, addWork: [poll], claim },
    );
    if (applied?.stepped !== true) await this.performer?.stop({ ...job, action: 'stop', polls: 0 });
  }

  async perform(item: JobItem): Promise<void> {
    const job = item.job;
    const claim = { owner: item.leaseOwner, attempts: item.attempts };
    if (job.action === 'stop') {
      // Best effort, as AWS's: a job that already ended refuses to stop, and nothing waits for the answer.
      await this.performer?.stop(job);
      await this.host.transfer(item.executionArn, item.id, [], claim);
      return;
    }
    const poll: JobPoll =
      this.performer === undefined
        ? {
            error: 'States.TaskFailed',
            cause: `Stepwise is not configured to call AWS services: cannot poll ${job.resource}`,
          }
        : await this.performer.poll(job);
    if ('running' in poll) {
      const polls = job.polls + 1;
      const dueTime = nextPollTime(this.host.clock.now(), polls, this.waitTimeScale);
      const again: WorkItem = { ...withoutLease(item), dueTime, job: { ...job, polls } };
      await this.host.transfer(item.executionArn, item.id, [again], claim);
      return;
    }
    const input = answerOf(job.taskId, poll);
    await this.host.apply(item.executionArn, (state) => (waitsForTask(state, job.taskId) ? input : undefined), {
      consumes: item.id,
      claim,
    });
  }
}

function withoutLease(item: JobItem): Extract<WorkItem, { kind: 'job' }> {
  return { id: item.id, executionArn: item.executionArn, kind: 'job', dueTime: item.dueTime, job: item.job };
}

function answerOf(taskId: string, result: TaskResult): EngineInput {
  if ('output' in result) return { type: 'TaskSucceeded', taskId, output: result.output };
  const input: EngineInput = { type: 'TaskFailed', taskId, error: result.error };
  if (result.cause !== undefined) input.cause = result.cause;
  return input;
}
