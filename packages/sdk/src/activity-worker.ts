// A typed activity worker over @aws-sdk/client-sfn: polls GetActivityTask, runs a handler on each task's
// input, answers with SendTaskSuccess or SendTaskFailure, heartbeats while the handler runs, and stops
// gracefully (no new polls, the poll in progress abandoned, running handlers finished and answered).
// Works against Stepwise or AWS alike.

import {
  GetActivityTaskCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';

/** What a handler may do besides returning: heartbeat, and notice that its task is gone. */
export interface ActivityContext {
  readonly taskToken: string;
  /** Aborted when the task is over for Step Functions (timed out, its execution stopped): give up then. */
  readonly signal: AbortSignal;
  /** Sends a heartbeat now (automatic ones are sent every `heartbeatSeconds`). */
  heartbeat(): Promise<void>;
}

export type ActivityHandler<Input, Output> = (input: Input, context: ActivityContext) => Output | Promise<Output>;

/** Throw this from a handler to choose the failure's error name and cause. */
export class ActivityFailure extends Error {
  constructor(
    readonly error: string,
    readonly causeText?: string,
  ) {
    super(causeText === undefined ? error : `${error}: ${causeText}`);
    this.name = 'ActivityFailure';
  }
}

export interface ActivityWorkerOptions<Input, Output> {
  client: Pick<SFNClient, 'send'>;
  activityArn: string;
  handler: ActivityHandler<Input, Output>;
  /** Recorded in ActivityStarted. */
  workerName?: string;
  /** Seconds between automatic heartbeats while a handler runs (none when absent). */
  heartbeatSeconds?: number;
  /** Tasks handled at once (each has its own poll); default 1. */
  concurrency?: number;
  /** Told of errors the worker cannot hand to Step Functions (a poll or answer that failed). */
  onError?: (error: unknown) => void;
  /** Pause after a failed poll before the next one, in milliseconds (default 1000). */
  retryDelayMillis?: number;
}

/** The error names Step Functions answers with for a task that is over: the worker stops working on it. */
const taskGone = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export class ActivityWorker<Input = unknown, Output = unknown> {
  private readonly stopping = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(private readonly options: ActivityWorkerOptions<Input, Output>) {}

  /** Starts polling (`concurrency` loops). */
  start(): void {
    if (this.loops.length > 0) return;
    const count = Math.max(1, this.options.concurrency ?? 1);
    this.loops = Array.from({ length: count }, () => this.loop());
  }

  /** Stops polling and resolves when every task in progress has been handled and answered. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** One poll and, if it brought a task, its handling. True when a task was handled. */
  async runOnce(): Promise<boolean> {
    const { client, activityArn, workerName } = this.options;
    const command = new GetActivityTaskCommand({ activityArn, ...(workerName === undefined ? {} : { workerName }) });
    const task = await client.send(command, { abortSignal: this.stopping.signal });
    if (task.taskToken === undefined || task.taskToken === '') return false;
    await this.handle(task.taskToken, task.input ?? '{}');
    return true;
  }

  private async loop(): Promise<void> {
    while (!isGone(this.stopping.signal)) {
      try {
        await this.runOnce();
      } catch (error) {
        // The poll a stop abandoned is not an error.
        if (isGone(this.stopping.signal)) return;
        this.options.onError?.(error);
        await delay(this.options.retryDelayMillis ?? 1000, this.stopping.signal);
      }
    }
  }

  private async handle(taskToken: string, inputText: string): Promise<void> {
    const { client } = this.options;
    const over = new AbortController();
    const heartbeat = async (): Promise<void> => {
      try {
        await client.send(new SendTaskHeartbeatCommand({ taskToken }));
      } catch (error) {
        if (isTaskGone(error)) over.abort(error);
        else this.options.onError?.(error);
      }
    };
    const seconds = this.options.heartbeatSeconds;
    const timer = seconds === undefined ? undefined : setInterval(() => void heartbeat(), seconds * 1000);
    try {
      const context: ActivityContext = { taskToken, signal: over.signal, heartbeat };
      const output = await this.options.handler(JSON.parse(inputText) as Input, context);
      // A task that is over (its heartbeat was refused) takes no answer.
      if (isGone(over.signal)) return;
      const success = new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? null) });
      await this.answer(() => client.send(success));
    } catch (error) {
      if (isGone(over.signal)) return;
      const failure = new SendTaskFailureCommand({ taskToken, ...failureOf(error) });
      await this.answer(() => client.send(failure));
    } finally {
      if (timer !== undefined) clearInterval(timer);
    }
  }

  private async answer(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      // A task that is already over needs no answer; anything else the application should hear of.
      if (!isTaskGone(error)) this.options.onError?.(error);
    }
  }
}

/** A handler's exception as SendTaskFailure's error and cause (AWS's limits: 256 and 32768 characters). */
function failureOf(error: unknown): { error: string; cause: string } {
  if (error instanceof ActivityFailure)
    return { error: error.error.slice(0, 256), cause: (error.causeText ?? '').slice(0, 32768) };
  if (error instanceof Error) return { error: error.name.slice(0, 256), cause: error.message.slice(0, 32768) };
  return { error: 'Error', cause: String(error).slice(0, 32768) };
}

function isGone(signal: AbortSignal): boolean {
  return signal.aborted;
}

function isTaskGone(error: unknown): boolean {
  return error instanceof Error && taskGone.has(error.name);
}

function delay(millis: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, millis);
    signal.addEventListener('abort', done, { once: true });
  });
}
