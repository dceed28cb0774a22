// Job `.sync` tasks on the durable runtime, on a manual clock: the job's handle committed with TaskSubmitted,
// polls backing off from 1 s to 30 s, the final description as output or cause, the stop call when the task
// times out or the execution stops, and polling resumed by another runtime on the same store.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent, JsonValue, TaskInvocation } from '@stepwise/core';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { JobWork, Store } from '../store/store.ts';
import { ManualClock } from './clock.ts';
import { nextPollTime, type JobPerformer, type JobPoll } from './job-polls.ts';
import { Runtime } from './runtime.ts';
import { fixedServices, start, t0 } from './runtime-test-support.ts';
import type { TaskOutcome } from './tasks/executor.ts';
import { runInVirtualTime } from './virtual-time.ts';

const submitJob = 'arn:aws:states:::batch:submitJob.sync';

/** Starts a job per task (its id the task's JobName) and answers polls from a script: running `runs` times, then `end`. */
class FakeJobs implements JobPerformer {
  readonly polls: { job: string; at: number }[] = [];
  readonly stops: JsonValue[] = [];

  constructor(
    private readonly clock: ManualClock,
    private readonly runs: number,
    private readonly end: 'SUCCEEDED' | 'FAILED',
  ) {}

  readonly tasks = {
    execute: (invocation: TaskInvocation): Promise<TaskOutcome> => {
      const name = (invocation.input as { JobName: string }).JobName;
      const submitted = JSON.stringify({ JobId: `id-${name}`, JobName: name });
      return Promise.resolve({ jobStarted: { submitted, handle: { JobId: `id-${name}` } } });
    },
  };

  poll(job: JobWork): Promise<JobPoll> {
    const id = (job.handle as { JobId: string }).JobId;
    this.polls.push({ job: id, at: this.clock.now() - t0 });
    const done = this.polls.filter((poll) => poll.job === id).length > this.runs;
    if (!done) return Promise.resolve({ running: true });
    const description = JSON.stringify({ JobId: id, Status: this.end });
    return Promise.resolve(
      this.end === 'SUCCEEDED' ? { output: description } : { error: 'States.TaskFailed', cause: description },
    );
  }

  stop(job: JobWork): Promise<undefined> {
    this.stops.push(job.handle);
    return Promise.resolve(undefined);
  }
}

function jobMachine(task: object = {}): object {
  return {
    StartAt: 'Score',
    States: {
      Score: { Type: 'Task', Resource: submitJob, Parameters: { JobName: 'score' }, End: true, ...task },
    },
  };
}

function setUp(jobs: (clock: ManualClock) => FakeJobs, store: Store = openSqliteStore({ file: ':memory:' })) {
  const clock = new ManualClock(t0);
  const fake = jobs(clock);
  const runtime = new Runtime({ store, clock, tasks: fake.tasks, jobs: fake, services: fixedServices(), nodeId: 'n1' });
  return { store, clock, fake, runtime };
}

async function history(store: Store, arn: string): Promise<HistoryEvent[]> {
  return (await store.getHistory(arn, { limit: 1000 })).items;
}

describe('job .sync tasks', () => {
  it('poll with back-off until the job ends, and return its final description', async () => {
    const { store, clock, fake, runtime } = setUp((clock) => new FakeJobs(clock, 7, 'SUCCEEDED'));
    const s = start(jobMachine(), 'ok');
    await runtime.startExecution(s);
    await runInVirtualTime(runtime, clock);
    const record = await store.getExecution(s.arn);
    assert.equal(record?.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(record.output ?? ''), { JobId: 'id-score', Status: 'SUCCEEDED' });
    // 1 s, then doubling up to 30 s between polls.
    assert.deepEqual(
      fake.polls.map((poll) => poll.at / 1000),
      [1, 3, 7, 15, 31, 61, 91, 121],
    );
    const types = (await history(store, s.arn)).map((event) => event.type);
    assert.deepEqual(types.slice(1, 6), [
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
    ]);
    assert.deepEqual(await store.listWork(s.arn), []);
    await runtime.close();
  });

  it('fail the task with States.TaskFailed and the description as its cause, which Catch sees', async () => {
    const { store, clock, runtime } = setUp((clock) => new FakeJobs(clock, 1, 'FAILED'));
    const definition = {
      StartAt: 'Score',
      States: {
        Score: {
          Type: 'Task',
          Resource: submitJob,
          Parameters: { JobName: 'score' },
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Failed' }],
          End: true,
        },
        Failed: { Type: 'Pass', End: true },
      },
    };
    const s = start(definition, 'failed');
    await runtime.startExecution(s);
    await runInVirtualTime(runtime, clock);
    const record = await store.getExecution(s.arn);
    assert.equal(record?.status, 'SUCCEEDED');
    const caught = JSON.parse(record.output ?? '') as { Error: string; Cause: string };
    assert.equal(caught.Error, 'States.TaskFailed');
    assert.deepEqual(JSON.parse(caught.Cause), { JobId: 'id-score', Status: 'FAILED' });
    await runtime.close();
  });

  it('stop the job when the task times out, and poll it no more', async () => {
    const { store, clock, fake, runtime } = setUp((clock) => new FakeJobs(clock, 1_000, 'SUCCEEDED'));
    const s = start(jobMachine({ TimeoutSeconds: 10 }), 'timeout');
    await runtime.startExecution(s);
    await runInVirtualTime(runtime, clock);
    const record = await store.getExecution(s.arn);
    assert.equal(record?.status, 'FAILED');
    assert.equal(record.error, 'States.Timeout');
    assert.deepEqual(fake.stops, [{ JobId: 'id-score' }]);
    assert.deepEqual(
      fake.polls.map((poll) => poll.at / 1000),
      [1, 3, 7],
    );
    assert.deepEqual(await store.listWork(s.arn), []);
    await runtime.close();
  });

  it('stop the jobs of every branch when the execution is stopped', async () => {
    const { store, clock, fake, runtime } = setUp((clock) => new FakeJobs(clock, 1_000, 'SUCCEEDED'));
    const branch = (name: string) => ({
      StartAt: name,
      States: { [name]: { Type: 'Task', Resource: submitJob, Parameters: { JobName: name }, End: true } },
    });
    const definition = {
      StartAt: 'Both',
      States: { Both: { Type: 'Parallel', Branches: [branch('a'), branch('b')], End: true } },
    };
    const s = start(definition, 'stopped');
    await runtime.startExecution(s);
    await runInVirtualTime(runtime, clock, { horizon: t0 + 5_000 });
    await runtime.stopExecution(s.arn, { cause: 'enough' });
    await runtime.runDue();
    assert.equal((await store.getExecution(s.arn))?.status, 'ABORTED');
    assert.deepEqual(fake.stops.map((handle) => (handle as { JobId: string }).JobId).sort(), ['id-a', 'id-b']);
    assert.deepEqual(await store.listWork(s.arn), [], 'the stop calls are consumed');
    await runtime.close();
  });

  it('resume polling on another runtime after the first one is gone', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    const first = setUp((clock) => new FakeJobs(clock, 3, 'SUCCEEDED'), store);
    const s = start(jobMachine(), 'resumed');
    await first.runtime.startExecution(s);
    await runInVirtualTime(first.runtime, first.clock, { horizon: t0 + 2_000 });
    await first.runtime.close();
    assert.equal(first.fake.polls.length, 1);
    const [job] = await store.listWork(s.arn);
    assert.equal(job?.kind, 'job', 'the handle is committed');

    const second = setUp((clock) => new FakeJobs(clock, 2, 'SUCCEEDED'), store);
    second.clock.set(t0 + 2_000);
    await runInVirtualTime(second.runtime, second.clock);
    assert.equal((await store.getExecution(s.arn))?.status, 'SUCCEEDED');
    assert.equal(second.fake.polls.length, 3);
    await second.runtime.close();
  });
});

describe('nextPollTime', () => {
  const cases: [number, number, number][] = [
    // polls so far, scale, delay in ms
    [0, 1, 1_000],
    [1, 1, 2_000],
    [4, 1, 16_000],
    [5, 1, 30_000],
    [40, 1, 30_000],
    [0, 0.01, 50],
    [5, 0.01, 300],
    [3, 0, 50],
  ];
  for (const [polls, scale, delay] of cases) {
    it(`waits ${delay} ms after ${polls} polls at time scale ${scale}`, () => {
      assert.equal(nextPollTime(t0, polls, scale) - t0, delay);
    });
  }
});
