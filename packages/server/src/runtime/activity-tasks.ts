// GetActivityTask: hands the oldest waiting task of an activity to one worker, in the same step that
// records ActivityStarted (so two workers never get one task), or waits for one (AWS's long poll: 60 s,
// then an answer with no task). A step that gives the activity a task wakes its waiting polls.

import { waitsForTask, type EngineInput } from '@stepwise/core';
import type { StepHost } from './step-host.ts';

export interface ActivityTask {
  taskToken: string;
  /** The task's effective input, JSON text. */
  input: string;
}

/** How many waiting tasks one attempt looks at (the others wait for the next poll). */
const candidates = 16;

export class ActivityTasks {
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly closing = new AbortController();

  constructor(
    private readonly host: StepHost,
    private readonly pollMillis: number,
  ) {}

  /** A task for the worker, or undefined when none came within the poll time (or `signal` ended the poll). */
  async poll(
    activityArn: string,
    workerName: string | undefined,
    signal?: AbortSignal,
  ): Promise<ActivityTask | undefined> {
    const deadline = this.host.clock.now() + this.pollMillis;
    const stop = signal === undefined ? this.closing.signal : AbortSignal.any([signal, this.closing.signal]);
    // A poll that has ended (the worker went away) must not take a task it could not hand over.
    while (!stop.aborted) {
      // Listening before looking: a task committed in between still wakes this poll.
      const news = this.listen(activityArn, stop);
      try {
        const task = await this.take(activityArn, workerName);
        if (task !== undefined) return task;
        if (this.host.clock.now() >= deadline) return undefined;
        await this.host.clock.sleepUntil(deadline, news.signal);
      } finally {
        news.stop();
      }
    }
    return undefined;
  }

  /** Wakes the polls of these activities: each of them has a new task. */
  notify(activityArns: readonly string[]): void {
    for (const arn of activityArns) for (const wake of this.waiters.get(arn) ?? []) wake();
  }

  /** Ends every poll in progress (shutdown): they answer with no task. */
  close(): void {
    this.closing.abort();
  }

  private async take(activityArn: string, workerName: string | undefined): Promise<ActivityTask | undefined> {
    for (const candidate of await this.host.store.listActivityTasks(activityArn, candidates)) {
      const input: EngineInput = { type: 'TaskStarted', taskId: candidate.taskId };
      if (workerName !== undefined) input.workerName = workerName;
      const claim = {
        token: candidate.token,
        claimedDate: this.host.clock.now(),
        ...(workerName === undefined ? {} : { workerName }),
      };
      const applied = await this.host.apply(
        candidate.executionArn,
        (state) => (waitsForTask(state, candidate.taskId) ? input : undefined),
        { claimsToken: claim },
      );
      // Undefined: another worker took it first; not stepped: its task is over.
      if (applied?.stepped === true) return { taskToken: candidate.token, input: candidate.input ?? '{}' };
    }
    return undefined;
  }

  private listen(activityArn: string, stop: AbortSignal): { signal: AbortSignal; stop(): void } {
    const controller = new AbortController();
    const wake = (): void => {
      controller.abort();
    };
    const set = this.waiters.get(activityArn) ?? new Set();
    set.add(wake);
    this.waiters.set(activityArn, set);
    stop.addEventListener('abort', wake, { once: true });
    return {
      signal: controller.signal,
      stop: () => {
        set.delete(wake);
        if (set.size === 0) this.waiters.delete(activityArn);
        stop.removeEventListener('abort', wake);
      },
    };
  }
}
