// Test support for the runtime: definitions that exercise every kind of work, a fake task performer,
// deterministic services, and the same execution run by core's in-memory runner as the oracle.

import {
  compileMachine,
  decodeDefinition,
  runLocally,
  type EvaluationServices,
  type HistoryEvent,
  type JsonValue,
  type TaskInvocation,
  type TaskResult,
} from '@stepwise/core';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { ManualClock } from './clock.ts';
import type { ExecutionStart } from './execution-start.ts';
import { Runtime } from './runtime.ts';
import type { TaskPerformer } from './task-runner.ts';

export const t0 = Date.UTC(2024, 0, 1);
const account = '123456789012';
export const fn = (name: string): string => `arn:aws:lambda:us-east-1:${account}:function:${name}`;

/** Functions by name: a result, or an error (thrown as `{error, cause}`); `calls` counts invocations. */
export class FakeTasks implements TaskPerformer {
  readonly calls: string[] = [];
  private readonly failuresLeft = new Map<string, number>();

  constructor(private readonly handlers: Record<string, (input: JsonValue) => TaskResult>) {}

  /** The function fails `times` times with `error` before behaving. */
  failFirst(name: string, times: number): this {
    this.failuresLeft.set(name, times);
    return this;
  }

  execute(invocation: TaskInvocation): Promise<TaskResult> {
    const name = invocation.resource.slice(invocation.resource.lastIndexOf(':') + 1);
    this.calls.push(`${name}:${invocation.taskId}`);
    const left = this.failuresLeft.get(name) ?? 0;
    if (left > 0) {
      this.failuresLeft.set(name, left - 1);
      return Promise.resolve({ error: 'Flaky', cause: `${name} failed` });
    }
    const handler = this.handlers[name];
    if (handler === undefined) return Promise.resolve({ error: 'NoSuchFunction', cause: name });
    return Promise.resolve(handler(invocation.input));
  }
}

export function fixedServices(): EvaluationServices {
  let counter = 0;
  return {
    uuid: () => `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`,
    random: () => 0.5,
    hash: (algorithm, data) => `${algorithm}:${data.length}`,
  };
}

export function start(definition: object, name: string, input: JsonValue = {}): ExecutionStart {
  const machineArn = `arn:aws:states:us-east-1:${account}:stateMachine:m`;
  return {
    arn: `arn:aws:states:us-east-1:${account}:execution:m:${name}`,
    name,
    type: 'STANDARD',
    stateMachineArn: machineArn,
    stateMachineName: 'm',
    definition: JSON.stringify(definition),
    revisionId: 'rev-1',
    roleArn: `arn:aws:iam::${account}:role/r`,
    input: JSON.stringify(input),
    startDate: t0,
  };
}

export interface Harness {
  store: Store;
  clock: ManualClock;
  runtime: Runtime;
}

export function harness(tasks: TaskPerformer, store: Store = openSqliteStore({ file: ':memory:' })): Harness {
  const clock = new ManualClock(t0);
  return { store, clock, runtime: new Runtime({ store, clock, tasks, services: fixedServices(), nodeId: 'n1' }) };
}

/** What core's in-memory runner records for the same execution: the oracle the runtime must match. */
export async function oracle(
  s: ExecutionStart,
  tasks: TaskPerformer,
): Promise<{ status: string; events: HistoryEvent[] }> {
  const decoded = decodeDefinition(s.definition);
  if (decoded.definition === undefined) throw new Error('invalid test definition');
  const { state, events } = await runLocally(compileMachine(decoded.definition), {
    execution: {
      executionArn: s.arn,
      name: s.name,
      roleArn: s.roleArn,
      stateMachineArn: s.stateMachineArn,
      stateMachineName: s.stateMachineName,
    },
    input: s.input,
    startTime: s.startDate,
    services: fixedServices(),
    invokeTask: (invocation) => tasks.execute(invocation) as Promise<TaskResult>,
  });
  return { status: state.status, events };
}

const waitThenTask = {
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: 3600, Next: 'Call' },
    Call: {
      Type: 'Task',
      Resource: fn('double'),
      Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
      End: true,
    },
  },
};

const parallelAndMap = {
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 5, End: true } } },
        {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemsPath: '$.items',
              MaxConcurrency: 2,
              Iterator: {
                StartAt: 'D',
                States: { D: { Type: 'Task', Resource: fn('double'), End: true } },
              },
              End: true,
            },
          },
        },
      ],
      End: true,
    },
  },
};

const caught = {
  StartAt: 'Call',
  States: {
    Call: {
      Type: 'Task',
      Resource: fn('missing'),
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Failed: { Type: 'Fail', Error: 'Caught', Cause: 'as planned' },
  },
};

export const definitions = { waitThenTask, parallelAndMap, caught };

export const doubling = (): FakeTasks =>
  new FakeTasks({
    double: (input) => ({ output: JSON.stringify(typeof input === 'number' ? input * 2 : input) }),
  });
