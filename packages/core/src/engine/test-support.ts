// Test support for the engine's tests: machines from JSON objects, deterministic services and a driver for step().

import {
  compileMachine,
  decodeDefinition,
  newExecutionState,
  runLocally,
  step,
  type Command,
  type EngineContext,
  type EngineInput,
  type EvaluationServices,
  type ExecutionInfo,
  type ExecutionState,
  type HistoryEvent,
  type LocalRunResult,
  type Machine,
  type TaskInvocation,
  type TaskResult,
} from '../index.ts';

/** The virtual start time of every test execution: 2024-01-01T00:00:00Z. */
export const startTime = Date.UTC(2024, 0, 1);

export const execution: ExecutionInfo = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:test:run-1',
  name: 'run-1',
  roleArn: 'arn:aws:iam::123456789012:role/test',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:test',
  stateMachineName: 'test',
};

/** Decodes and compiles a definition given as a plain object; throws with the diagnostics when it is invalid. */
export function machineOf(definition: object): Machine {
  const decoded = decodeDefinition(JSON.stringify(definition));
  if (decoded.definition === undefined) {
    throw new Error(`Invalid test definition: ${JSON.stringify(decoded.diagnostics)}`);
  }
  return compileMachine(decoded.definition);
}

/** Counter-based uuids, a fixed random number and a fake (but deterministic) hash. */
export function fakeServices(random = 0.5): EvaluationServices {
  let counter = 0;
  return {
    uuid: () => `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`,
    random: () => random,
    hash: (algorithm, data) => `${algorithm}:${data.length}`,
  };
}

/** A virtual clock for driving step() directly: `ctx.now()` reads `clock.time`. */
export interface Driver {
  machine: Machine;
  state: ExecutionState;
  clock: { time: number };
  ctx: EngineContext;
  /** Feeds one input at the current virtual time. */
  send(input: EngineInput): Promise<{ events: HistoryEvent[]; commands: Command[] }>;
}

export function drive(machine: Machine, input: string, services = fakeServices()): Driver {
  const clock = { time: startTime };
  const ctx: EngineContext = { now: () => clock.time, services };
  const state = newExecutionState(execution, input, startTime);
  const driver: Driver = {
    machine,
    state,
    clock,
    ctx,
    send: async (engineInput) => {
      const result = await step(machine, state, engineInput, ctx);
      return { events: result.events, commands: result.commands };
    },
  };
  return driver;
}

export function startInput(input: string): EngineInput {
  return { type: 'StartExecution', input, execution };
}

export interface LocalRunInit {
  input?: string;
  random?: number;
  tasks?: (invocation: TaskInvocation) => TaskResult;
  scheduled?: { at: number; input: EngineInput }[];
}

/** Runs a machine to its end on the virtual clock; tasks without a handler echo their input. */
export function runMachine(machine: Machine, init: LocalRunInit = {}): Promise<LocalRunResult> {
  const tasks =
    init.tasks ?? ((invocation: TaskInvocation): TaskResult => ({ output: JSON.stringify(invocation.input) }));
  return runLocally(machine, {
    execution,
    input: init.input ?? '{}',
    startTime,
    services: fakeServices(init.random),
    invokeTask: (invocation) => Promise.resolve(tasks(invocation)),
    ...(init.scheduled === undefined ? {} : { scheduled: init.scheduled }),
  });
}

export function typesOf(events: readonly HistoryEvent[]): string[] {
  return events.map((event) => event.type);
}

/** Seconds since the start of the execution at which the first event of `type` was recorded. */
export function secondsAt(events: readonly HistoryEvent[], type: string, nth = 0): number {
  const found = events.filter((event) => event.type === type)[nth];
  if (found === undefined) throw new Error(`No event #${nth} of type ${type}`);
  return (found.timestamp - startTime) / 1000;
}

/** A machine that starts at the state 'S', with any other states it needs. */
export function around(state: object, extraStates: Record<string, object> = {}): Machine {
  return machineOf({ StartAt: 'S', States: { S: state, ...extraStates } });
}
