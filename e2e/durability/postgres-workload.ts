// The executions of the PostgreSQL durability run, whose histories do not depend on timing. From the
// shared workload: the sequential ones (Wait then Retry; Retry then Catch); its Parallel-and-Map one is
// left out, since its task answers depend on the engine's task counter, which the interleaving of
// branches on the system clock changes. Added here: a Parallel of a Wait and a Map whose tasks answer
// from their input alone, an activity, and `.waitForTaskToken` callbacks, the last two answered by a
// worker that is never killed (the test process), while the nodes that hold their executions are.

import type { TaskInvocation, TaskResult } from '@stepwise/core';
import type { ExecutionStart } from '../../packages/server/src/runtime/execution-start.ts';
import type { TaskPerformer } from '../../packages/server/src/runtime/task-runner.ts';
import { account, durableTasks, fn, tasks as sharedTasks, waitThenDouble, workload } from './workload.ts';

export const activityArn = `arn:aws:states:us-east-1:${account}:activity:durable-work`;
export const activityWorker = 'durability-worker';

const parallelMap = {
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'W',
          States: {
            W: { Type: 'Wait', Seconds: 3, Next: 'C' },
            C: { Type: 'Task', Resource: fn('double'), InputPath: '$.n', End: true },
          },
        },
        {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemsPath: '$.items',
              MaxConcurrency: 2,
              ItemProcessor: waitThenDouble(1),
              End: true,
            },
          },
        },
      ],
      End: true,
    },
  },
};

const activity = {
  StartAt: 'Work',
  States: {
    Work: { Type: 'Task', Resource: activityArn, TimeoutSeconds: 3600, Next: 'Wait' },
    Wait: { Type: 'Wait', Seconds: 1, Next: 'Again' },
    Again: { Type: 'Task', Resource: activityArn, End: true },
  },
};

/** A callback Task: the nodes' call only hands the token over; the worker answers it with SendTaskSuccess. */
const callbackTask = (next: object) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: 'ask', Payload: { 'token.$': '$$.Task.Token', 'n.$': '$.n' } },
  ResultPath: '$.answer',
  TimeoutSeconds: 3600,
  ...next,
});

const callback = {
  StartAt: 'Ask',
  States: {
    Ask: callbackTask({ Next: 'Pause' }),
    Pause: { Type: 'Wait', Seconds: 1, Next: 'AskAgain' },
    AskAgain: callbackTask({ End: true }),
  },
};

/** What the callback integration answers when it has handed the token over (TaskSubmitted's output). */
export const callbackSubmitted = JSON.stringify({ StatusCode: 202 });

export function sequentialWorkload(count: number): ExecutionStart[] {
  return workload(count).filter((start) => !start.name.startsWith('parallelMap-'));
}

/** The shared workload's sequential executions, then `count / 3` of each added kind. */
export function postgresWorkload(count: number): ExecutionStart[] {
  const base = sequentialWorkload(count);
  const template = base[0];
  if (template === undefined) return base;
  const added = Array.from({ length: Math.ceil(count / 3) }, (_, i) =>
    (
      [
        ['mapped', parallelMap],
        ['activity', activity],
        ['callback', callback],
      ] as const
    ).map(([kind, definition]) => {
      const name = `${kind}-${String(i)}`;
      return {
        ...template,
        arn: template.arn.replace(template.name, name),
        name,
        definition: JSON.stringify(definition),
        input: JSON.stringify({ n: i, items: Array.from({ length: 1 + (i % 4) }, (_, k) => k + i) }),
      };
    }),
  );
  return [...base, ...added.flat()];
}

/** The callback worker's answer, from the execution's name (`callback-N`) alone, so a repeat answers the same. */
export function callbackAnswer(executionArn: string): string {
  return JSON.stringify({ answer: Number(executionArn.slice(executionArn.lastIndexOf('-') + 1)) + 1 });
}

/** The activity worker's answer: from the task's input alone, so a repeat answers the same. */
export function activityAnswer(input: string): string {
  const parsed = JSON.parse(input) as { n?: number; answer?: number };
  return JSON.stringify({ answer: (parsed.answer ?? parsed.n ?? 0) + 1 });
}

/** For core's runner (the oracle): the nodes' tasks, and the activity as the worker answers it. */
export const oracleTasks = {
  execute(invocation: TaskInvocation, executionArn = ''): Promise<TaskResult> {
    if (invocation.resource.endsWith('.waitForTaskToken')) {
      return Promise.resolve({ submitted: callbackSubmitted, output: callbackAnswer(executionArn) });
    }
    if (invocation.resource !== activityArn) return sharedTasks.execute(invocation);
    const input = JSON.stringify(invocation.input);
    return Promise.resolve({ started: { workerName: activityWorker }, output: activityAnswer(input) });
  },
};

/** The nodes' tasks: the shared workload's, and the callback integration, which only hands its token over. */
export const nodeTasks: TaskPerformer = {
  execute(invocation) {
    if (invocation.resource.endsWith('.waitForTaskToken')) {
      return Promise.resolve({ waitingForCallback: true, output: callbackSubmitted });
    }
    // A Glue job hands over its handle, which the node's runtime polls (jobs() in workload.ts).
    return durableTasks.execute(invocation);
  },
};
