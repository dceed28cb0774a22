// Drives the one-state machine through step(): a Wait's timer fires at once, a Task is answered by the
// mock (or the injected invoker), and the run stops when the state has left, failed or awaits a retry.

import { compileMachine, type Machine } from '../engine/machine.ts';
import { step } from '../engine/step.ts';
import type { EngineContext, EngineInput, ExecutionState, HistoryEvent } from '../engine/types.ts';
import type { Failure } from '../asl/errors.ts';
import type { StateMachineDefinition } from '../asl/types.ts';
import { entryState, type EntryOptions } from './entry.ts';
import type { TestStateRequest, TestStateServices } from './types.ts';

export interface DriveOptions extends EntryOptions {
  definition: StateMachineDefinition;
  request: TestStateRequest;
  /** A failure the task answers with instead of the mock's result (a mocked Map's items or tolerance). */
  failure?: Failure | undefined;
}

export interface Driven {
  machine: Machine;
  state: ExecutionState;
  events: HistoryEvent[];
  ctx: EngineContext;
  /** The state failed and a retrier will run it again. */
  retrying: boolean;
  /** The back-off before that retry, in milliseconds. */
  backoffMillis?: number;
}

/** Enough for a Wait, a Task and a retry decision; more means the definition loops. */
const maxSteps = 8;

export async function drive(options: DriveOptions): Promise<Driven> {
  const machine = compileMachine(options.definition);
  // TestState takes no time: every step happens at the start.
  const { state, ctx } = entryState(options);
  const start = ctx.now();
  const events: HistoryEvent[] = [];
  let input: EngineInput = { type: 'StartExecution', input: options.input, execution: options.execution };
  for (let steps = 0; steps < maxSteps; steps++) {
    const result = await step(machine, state, input, ctx);
    events.push(...result.events);
    const thread = state.threads['0'];
    const pending = thread?.pending;
    if (state.status !== 'RUNNING' || thread === undefined || pending === undefined) break;
    if (pending.kind === 'retry') {
      const timer = result.commands.find((c) => c.type === 'StartTimer' && c.timerId === pending.timerId);
      const backoffMillis = timer?.type === 'StartTimer' ? timer.dueTime - start : undefined;
      return { machine, state, events, ctx, retrying: true, ...(backoffMillis === undefined ? {} : { backoffMillis }) };
    }
    if (pending.kind === 'wait') {
      // TestState does not wait: the timer is due now.
      input = { type: 'TimerFired', timerId: pending.timerId };
      continue;
    }
    if (pending.kind !== 'task') break;
    const retried = options.request.stateConfiguration?.retrierRetryCount;
    if (retried !== undefined) thread.retries = retryCounts(options.definition, retried);
    const next = await answerTask(options, result.commands, pending.taskId);
    if (next === undefined) break;
    input = next;
  }
  return { machine, state, events, ctx, retrying: false };
}

/** Every retrier of the tested state is taken to have been used `count` times already. */
function retryCounts(definition: StateMachineDefinition, count: number): number[] {
  const def = definition.States[definition.StartAt];
  const retriers = def !== undefined && 'Retry' in def ? (def.Retry ?? []) : [];
  return retriers.map(() => count);
}

async function answerTask(
  options: DriveOptions,
  commands: readonly { type: string }[],
  taskId: string,
): Promise<EngineInput | undefined> {
  const mock = options.request.mock;
  const failure = options.failure;
  if (failure !== undefined) return { type: 'TaskFailed', taskId, ...failure };
  if (mock?.result !== undefined) return { type: 'TaskSucceeded', taskId, output: mock.result };
  if (mock?.errorOutput !== undefined) {
    const { error, cause } = mock.errorOutput;
    return { type: 'TaskFailed', taskId, error: error ?? '', ...(cause === undefined ? {} : { cause }) };
  }
  const services = options.services;
  const command = commands.find(
    (c): c is { type: 'InvokeTask'; invocation: Parameters<NonNullable<TestStateServices['invokeTask']>>[0] } =>
      c.type === 'InvokeTask',
  );
  if (services.invokeTask === undefined || command === undefined) return undefined;
  const result = await services.invokeTask(command.invocation);
  if ('output' in result) return { type: 'TaskSucceeded', taskId, output: result.output };
  return {
    type: 'TaskFailed',
    taskId,
    error: result.error,
    ...(result.cause === undefined ? {} : { cause: result.cause }),
  };
}
