// The durability workload: many executions with Waits, Retry back-offs, Map and Parallel, and task
// functions whose answers depend only on their call (never on how often they ran), so an execution
// interrupted any number of times must record exactly what an uninterrupted one records.

import { randomUUID } from 'node:crypto';
import type { EvaluationServices, JsonValue, TaskInvocation, TaskResult } from '@stepwise/core';
import type { ExecutionStart } from '../../packages/server/src/runtime/execution-start.ts';
import type { JobPerformer } from '../../packages/server/src/runtime/job-polls.ts';
import type { TaskPerformer } from '../../packages/server/src/runtime/task-runner.ts';

export const t0 = Date.UTC(2024, 0, 1);
export const account = '123456789012';
export const fn = (name: string): string => `arn:aws:lambda:us-east-1:${account}:function:${name}`;

/** An item processor (or branch) that waits `seconds`, then doubles its input: the Maps' iterations. */
export const waitThenDouble = (seconds: number) => ({
  StartAt: 'P',
  States: {
    P: { Type: 'Wait', Seconds: seconds, Next: 'D' },
    D: { Type: 'Task', Resource: fn('double'), End: true },
  },
});

const glueJob = 'arn:aws:states:::glue:startJobRun.sync';

const retried = {
  Type: 'Task',
  Resource: fn('flaky'),
  Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 3, MaxAttempts: 4, BackoffRate: 2 }],
};

const definitions: Record<string, object> = {
  waitRetry: {
    StartAt: 'Wait',
    States: { Wait: { Type: 'Wait', SecondsPath: '$.wait', Next: 'Call' }, Call: { ...retried, End: true } },
  },
  parallelMap: {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 7, Next: 'C' }, C: { ...retried, End: true } } },
          {
            StartAt: 'Each',
            States: {
              Each: {
                Type: 'Map',
                ItemsPath: '$.items',
                MaxConcurrency: 2,
                Iterator: waitThenDouble(2),
                End: true,
              },
            },
          },
        ],
        End: true,
      },
    },
  },
  // A Distributed Map: its children are executions of their own, driven by the map run's work items.
  distributed: {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...waitThenDouble(2) },
        End: true,
      },
    },
  },
  // EXPRESS children run in memory on the node holding the run: a kill loses those in flight, run again.
  distributedExpress: {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 2,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'D',
          States: { D: { Type: 'Task', Resource: fn('double'), End: true } },
        },
        End: true,
      },
    },
  },
  // A Glue job `.sync`: TaskSubmitted, then polls (work items) until the job ends, 7 s later.
  job: {
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Task', Resource: glueJob, Parameters: { JobName: 'etl', 'Day.$': '$.n' }, Next: 'After' },
      After: { Type: 'Task', Resource: fn('double'), InputPath: '$.Attempt', End: true },
    },
  },
  caught: {
    StartAt: 'Call',
    States: {
      Call: { ...retried, Resource: fn('broken'), Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }], End: true },
      Failed: { Type: 'Fail', Error: 'Caught', Cause: 'as planned' },
    },
  },
};

/** A large inline Map (its state in rows per iteration and result: state-parts.ts), run once, first. */
const largeMap = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 10,
      ItemProcessor: waitThenDouble(1),
      End: true,
    },
  },
};
export const largeMapName = 'largeMap-0';
const largeMapItems = 300;

/**
 * The executions of the run: `count` of them, the first a large inline Map, the others cycling through
 * the definitions with varied inputs.
 */
export function workload(count: number): ExecutionStart[] {
  const names = Object.keys(definitions);
  return Array.from({ length: count }, (_, i) => {
    const kind = i === 0 ? 'largeMap' : (names[i % names.length] ?? 'caught');
    const items = i === 0 ? largeMapItems : 1 + (i % 4);
    const input = { wait: 1 + (i % 5), items: Array.from({ length: items }, (_, k) => k + i), n: i };
    const name = `${kind}-${i}`;
    return {
      arn: `arn:aws:states:us-east-1:${account}:execution:durable:${name}`,
      name,
      type: 'STANDARD',
      stateMachineArn: `arn:aws:states:us-east-1:${account}:stateMachine:durable`,
      stateMachineName: 'durable',
      definition: JSON.stringify(kind === 'largeMap' ? largeMap : definitions[kind]),
      revisionId: 'r1',
      roleArn: `arn:aws:iam::${account}:role/durable`,
      input: JSON.stringify(input),
      startDate: t0 + i,
    };
  });
}

/** A job's run, named after its task: what StartJobRun answers and what GetJobRun ends with. */
const jobRunId = (taskId: string): string => `jr_${taskId}`;
const jobEnd = (taskId: string): string =>
  JSON.stringify({ Id: jobRunId(taskId), JobRunState: 'SUCCEEDED', Attempt: 0 });
/** The job ends at its third poll: 1 + 2 + 4 s after it started. */
const jobPolls = 3;

/**
 * Answers that depend only on the invocation: `flaky` fails for some task ids, `broken` always; a Glue job
 * as core's in-memory runner sees one (submitted, then its end 7 s later).
 */
export const tasks = {
  execute(invocation: TaskInvocation): Promise<TaskResult> {
    if (invocation.resource === glueJob) {
      const submitted = JSON.stringify({ JobRunId: jobRunId(invocation.taskId) });
      return Promise.resolve({ submitted, output: jobEnd(invocation.taskId), durationSeconds: 7 });
    }
    const name = invocation.resource.slice(invocation.resource.lastIndexOf(':') + 1);
    const input: JsonValue = invocation.input;
    if (name === 'double')
      return Promise.resolve({ output: JSON.stringify(typeof input === 'number' ? input * 2 : 0) });
    const counter = Number(invocation.taskId.slice(invocation.taskId.lastIndexOf(':') + 1));
    if (name === 'flaky' && counter % 3 === 0)
      return Promise.resolve({ output: JSON.stringify({ ok: invocation.taskId }) });
    return Promise.resolve({ error: 'Flaky', cause: `${name} ${invocation.taskId}` });
  },
};

/** The same tasks for the durable runtime: a Glue job hands over its handle, which the runtime polls. */
export const durableTasks: TaskPerformer = {
  async execute(invocation) {
    const result = await tasks.execute(invocation);
    if (invocation.resource !== glueJob || result.submitted === undefined) return result;
    return {
      jobStarted: { submitted: result.submitted, handle: { JobName: 'etl', JobRunId: jobRunId(invocation.taskId) } },
    };
  },
};

/**
 * The jobs' polls: each answer depends only on how many polls came before (committed with the job's item).
 * A describe call takes `delayMillis` of real time, as one over the network does.
 */
export function jobs(delayMillis = 0): JobPerformer {
  return {
    poll: async (job) => {
      if (delayMillis > 0) await new Promise((resolve) => setTimeout(resolve, delayMillis));
      return job.polls + 1 >= jobPolls ? { output: jobEnd(job.taskId) } : { running: true };
    },
    stop: () => Promise.resolve(undefined),
  };
}

/**
 * Engine services: deterministic, except the UUIDs, which name map runs and their children and so must be
 * unique (the test compares histories with the map run ARNs set aside: see `withoutMapRunArns`).
 */
export const services: EvaluationServices = {
  uuid: () => randomUUID(),
  random: () => 0.5,
  hash: (algorithm, data) => `${algorithm}:${data.length}`,
};

/** Events with each MapRunStarted's map run ARN (a random UUID) replaced by one placeholder. */
export function withoutMapRunArns<T extends { type: string }>(events: readonly T[]): T[] {
  return events.map((event) =>
    event.type === 'MapRunStarted' ? { ...event, mapRunStartedEventDetails: { mapRunArn: 'map-run-arn' } } : event,
  );
}
