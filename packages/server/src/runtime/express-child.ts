// One EXPRESS child of a Distributed Map, run in memory to its end on the real clock: AWS keeps no
// history for Express executions, so none is written; only its end goes to the map run's item row.
// Its task calls go to the same performer as durable tasks; Waits and back-offs sleep on the clock.

import {
  newExecutionState,
  step,
  StatesErrors,
  type Command,
  type EngineContext,
  type EngineInput,
  type EvaluationServices,
  type ExecutionInfo,
  type Machine,
} from '@stepwise/core';
import type { MapRunChildEnd } from '../store/map-run-store.ts';
import type { Clock } from './clock.ts';
import type { TaskPerformer } from './task-runner.ts';
import { scaledDueTime } from './time-scale.ts';

export interface ExpressChildHost {
  readonly clock: Clock;
  readonly services: EvaluationServices;
  readonly tasks: TaskPerformer;
  readonly waitTimeScale: number;
}

/** Inputs that arrive while the engine is stepping, taken one at a time (a small async queue). */
class Inbox {
  private readonly inputs: { key: string; input: EngineInput }[] = [];
  private wake: (() => void) | undefined;

  put(key: string, input: EngineInput): void {
    this.inputs.push({ key, input });
    this.wake?.();
  }

  async take(): Promise<{ key: string; input: EngineInput }> {
    for (;;) {
      const next = this.inputs.shift();
      if (next !== undefined) return next;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }
}

/** Runs the child to its end; `signal` aborts it (the run ended): it then ends ABORTED. */
export async function runExpressChild(
  host: ExpressChildHost,
  machine: Machine,
  execution: ExecutionInfo,
  input: string,
  signal: AbortSignal,
): Promise<MapRunChildEnd> {
  const now = host.clock.now();
  const state = newExecutionState(execution, input, now);
  const inbox = new Inbox();
  const cancelled = new Set<string>();
  const onAbort = (): void => {
    inbox.put('', { type: 'StopExecution' });
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const first = await step(machine, state, { type: 'StartExecution', input, execution }, context(host));
    perform(host, execution.executionArn, first.commands, inbox, cancelled, signal);
    while (state.status === 'RUNNING') {
      const next = await inbox.take();
      if (cancelled.has(next.key)) continue;
      const result = await step(machine, state, next.input, context(host));
      perform(host, execution.executionArn, result.commands, inbox, cancelled, signal);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return {
    executionArn: execution.executionArn,
    status: state.status,
    ...(state.output === undefined ? {} : { output: state.output }),
    ...(state.error === undefined ? {} : { error: state.error }),
    ...(state.cause === undefined ? {} : { cause: state.cause }),
  };
}

function context(host: ExpressChildHost): EngineContext {
  const now = host.clock.now();
  return { now: () => now, services: host.services };
}

/** Starts what a step asked for; each answer comes back through the inbox, keyed for cancellation. */
function perform(
  host: ExpressChildHost,
  executionArn: string,
  commands: readonly Command[],
  inbox: Inbox,
  cancelled: Set<string>,
  signal: AbortSignal,
): void {
  for (const command of commands) {
    switch (command.type) {
      case 'StartTimer': {
        cancelled.delete(command.timerId);
        const now = host.clock.now();
        const due = scaledDueTime(command.timerId, command.dueTime, now, host.waitTimeScale);
        const input: EngineInput = { type: 'TimerFired', timerId: command.timerId };
        void host.clock.sleepUntil(due, signal).then(() => {
          if (!signal.aborted) inbox.put(command.timerId, input);
        });
        break;
      }
      case 'CancelTimer':
        cancelled.add(command.timerId);
        break;
      case 'CancelTask':
        cancelled.add(command.taskId);
        break;
      case 'InvokeTask':
        void invoke(host, executionArn, command.invocation, signal).then((input) => {
          inbox.put(command.invocation.taskId, input);
        });
        break;
      case 'StartMapRun':
      case 'StopMapRun':
        // AWS has no Distributed Map inside an Express workflow; the service refuses it before this.
        inbox.put('', { type: 'StopExecution', error: StatesErrors.Runtime, cause: 'no Distributed Map in Express' });
        break;
    }
  }
}

/** The engine's answer to one task call: its output, or its error (thrown calls are States.TaskFailed). */
async function invoke(
  host: ExpressChildHost,
  executionArn: string,
  invocation: Extract<Command, { type: 'InvokeTask' }>['invocation'],
  signal: AbortSignal,
): Promise<EngineInput> {
  const taskId = invocation.taskId;
  const startedAt = host.clock.now();
  try {
    const outcome = await host.tasks.execute(invocation, { signal, executionArn });
    const durationMillis = 'durationSeconds' in outcome ? (outcome.durationSeconds ?? 0) * 1000 : 0;
    if (durationMillis > 0) await host.clock.sleepUntil(startedAt + durationMillis, signal);
    if ('output' in outcome && !('waitingForCallback' in outcome))
      return { type: 'TaskSucceeded', taskId, output: outcome.output };
    if ('error' in outcome)
      return {
        type: 'TaskFailed',
        taskId,
        error: outcome.error,
        ...(outcome.cause === undefined ? {} : { cause: outcome.cause }),
      };
    // A callback or .sync pattern: AWS's Express workflows support neither.
    return {
      type: 'TaskFailed',
      taskId,
      error: StatesErrors.Runtime,
      cause: 'Express executions support no callback or .sync task patterns',
    };
  } catch (error) {
    return { type: 'TaskFailed', taskId, error: 'States.TaskFailed', cause: String(error) };
  }
}
