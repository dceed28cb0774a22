// Runs one execution to its end in memory on a virtual clock: timers fire in due order without waiting,
// so a one-year Wait or a long Retry back-off takes no time. Used by `stepwise run`, the conformance
// suite and previews; task calls are delegated to the caller.

import type { EvaluationServices } from '../expressions/scope.ts';
import type { Machine } from './machine.ts';
import { newExecutionState, step } from './step.ts';
import { runMapRunLocally, type RunChild } from '../map-runs/local-map-run.ts';
import type {
  Command,
  MapRunSpec,
  EngineContext,
  EngineInput,
  ExecutionInfo,
  ExecutionState,
  HistoryEvent,
  TaskInvocation,
} from './types.ts';

/**
 * What a task call produced; `durationSeconds` places its answer on the virtual clock (default 0).
 * `started` (an activity taken by a worker) and `submitted` (a callback or `.sync` integration's response)
 * are delivered first, when the call starts.
 */
export type TaskResult = TaskProgress &
  ({ output: string; durationSeconds?: number } | { error: string; cause?: string; durationSeconds?: number });

export interface TaskProgress {
  started?: { workerName?: string };
  submitted?: string;
}

export interface LocalRunOptions {
  execution: ExecutionInfo;
  input: string;
  /** Virtual start time, epoch milliseconds. */
  startTime: number;
  services: EvaluationServices;
  invokeTask(invocation: TaskInvocation): Promise<TaskResult>;
  /** See EngineContext.activityExists. */
  activityExists?: (activityArn: string) => boolean | Promise<boolean>;
  /** Inputs to deliver at a virtual time (e.g. StopExecution after a delay). */
  scheduled?: { at: number; input: EngineInput }[];
  /** Safety valve against definitions that loop forever. */
  maxSteps?: number;
  /** Virtual time after which nothing more happens: the execution is left RUNNING as it stands. */
  horizon?: number;
}

export interface LocalRunResult {
  state: ExecutionState;
  events: HistoryEvent[];
}

interface Due {
  at: number;
  order: number;
  input: EngineInput;
  key?: string;
}

export async function runLocally(machine: Machine, options: LocalRunOptions): Promise<LocalRunResult> {
  let now = options.startTime;
  const ctx: EngineContext = { now: () => now, services: options.services };
  if (options.activityExists !== undefined) ctx.activityExists = options.activityExists;
  const queue: Due[] = [];
  const cancelled = new Set<string>();
  const inFlight: Promise<void>[] = [];
  let order = 0;
  const enqueue = (at: number, input: EngineInput, key?: string): void => {
    queue.push({ at, order: order++, input, key });
  };
  for (const item of options.scheduled ?? []) enqueue(item.at, item.input);

  const perform = (commands: Command[]): void => {
    for (const command of commands) {
      if (command.type === 'StartTimer') {
        cancelled.delete(command.timerId);
        enqueue(command.dueTime, { type: 'TimerFired', timerId: command.timerId }, command.timerId);
      } else if (command.type === 'CancelTimer') cancelled.add(command.timerId);
      else if (command.type === 'CancelTask') cancelled.add(command.taskId);
      else if (command.type === 'StartMapRun') inFlight.push(runMapRun(command.mapRun));
      else if (command.type === 'StopMapRun') cancelled.add(command.mapRunArn);
      else inFlight.push(invoke(command.invocation));
    }
  };
  // A Distributed Map's children run as executions of their own, from the time the run starts.
  const runMapRun = async (spec: MapRunSpec): Promise<void> => {
    const startedAt = now;
    const runChild: RunChild = async (machine, child) => {
      const { input, ...info } = child;
      const result = await runLocally(machine, {
        ...options,
        scheduled: [],
        execution: info,
        input,
        startTime: startedAt,
      });
      return result.state;
    };
    const ended = await runMapRunLocally(spec, () => options.services.uuid(), runChild);
    enqueue(Math.max(startedAt, ended.endTime ?? startedAt), ended.input, spec.mapRunArn);
  };
  const invoke = async (invocation: TaskInvocation): Promise<void> => {
    const startedAt = now;
    const result: TaskResult = await options.invokeTask(invocation).catch((error: unknown) => ({
      error: 'States.TaskFailed',
      cause: error instanceof Error ? error.message : String(error),
    }));
    const at = startedAt + (result.durationSeconds ?? 0) * 1000;
    const taskId = invocation.taskId;
    if (result.started !== undefined) {
      enqueue(startedAt, { type: 'TaskStarted', taskId, ...result.started }, taskId);
    }
    if (result.submitted !== undefined)
      enqueue(startedAt, { type: 'TaskSubmitted', taskId, output: result.submitted }, taskId);
    const input: EngineInput =
      'output' in result
        ? { type: 'TaskSucceeded', taskId, output: result.output }
        : {
            type: 'TaskFailed',
            taskId,
            error: result.error,
            ...(result.cause === undefined ? {} : { cause: result.cause }),
          };
    enqueue(at, input, taskId);
  };

  const state = newExecutionState(options.execution, options.input, options.startTime);
  const first = await step(
    machine,
    state,
    { type: 'StartExecution', input: options.input, execution: options.execution },
    ctx,
  );
  // The first step's events are taken over rather than copied: a Map of 10,000 items records 40,000.
  const events: HistoryEvent[] = first.events;
  perform(first.commands);
  const maxSteps = options.maxSteps ?? 1_000_000;
  for (let steps = 0; state.status === 'RUNNING' && steps < maxSteps; steps++) {
    while (inFlight.length > 0) await Promise.all(inFlight.splice(0));
    const next = takeEarliest(queue);
    if (next === undefined || (options.horizon !== undefined && next.at > options.horizon)) break;
    if (next.key !== undefined && cancelled.has(next.key)) continue;
    now = Math.max(now, next.at);
    const result = await step(machine, state, next.input, ctx);
    events.push(...result.events);
    perform(result.commands);
  }
  return { state, events };
}

function takeEarliest(queue: Due[]): Due | undefined {
  let best = -1;
  for (let i = 0; i < queue.length; i++) {
    const candidate = queue[i];
    const current = queue[best];
    if (candidate === undefined) continue;
    if (
      current === undefined ||
      candidate.at < current.at ||
      (candidate.at === current.at && candidate.order < current.order)
    ) {
      best = i;
    }
  }
  return best < 0 ? undefined : queue.splice(best, 1)[0];
}
