// ExecutionSpans on histories the engine records: the span tree (execution → Parallel → branch states →
// tasks), retried and failed tasks, the task contexts callees get, and a take-over after a restart.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compileMachine,
  decodeDefinition,
  newExecutionState,
  step,
  type Command,
  type EngineInput,
  type ExecutionState,
  type HistoryEvent,
  type Machine,
} from '@stepwise/core';
import { nodeServices } from '../services.ts';
import { ExecutionSpans, type FinishedSpan, type TracedExecution } from './execution-spans.ts';

const arn = 'arn:aws:states:us-east-1:123456789012:execution:m:run';
const stateMachineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:m';
const lambda = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const start = Date.UTC(2026, 11, 5);

const parallel = {
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      End: true,
      Branches: [
        { StartAt: 'A', States: { A: { Type: 'Task', Resource: lambda('a'), End: true } } },
        {
          StartAt: 'B',
          States: {
            B: {
              Type: 'Task',
              Resource: lambda('b'),
              Retry: [{ ErrorEquals: ['Oops'], IntervalSeconds: 1 }],
              End: true,
            },
          },
        },
      ],
    },
  },
};

/** Drives one execution through step(), the way the runtime does, one input per commit. */
class Execution {
  private readonly machine: Machine;
  state: ExecutionState;
  time = start;

  constructor(definition: object) {
    const decoded = decodeDefinition(JSON.stringify(definition));
    if (decoded.definition === undefined) throw new Error(JSON.stringify(decoded.diagnostics));
    this.machine = compileMachine(decoded.definition);
    this.state = newExecutionState(this.info(), '{}', start);
  }

  info(): { executionArn: string; name: string; roleArn: string; stateMachineArn: string; stateMachineName: string } {
    const roleArn = 'arn:aws:iam::123456789012:role/r';
    return { executionArn: arn, name: 'run', roleArn, stateMachineArn, stateMachineName: 'm' };
  }

  async send(input: EngineInput): Promise<{ events: HistoryEvent[]; commands: Command[] }> {
    this.time += 1000;
    const result = await step(this.machine, this.state, input, { now: () => this.time, services: nodeServices });
    this.state = result.state;
    return result;
  }

  record(traceHeader?: string): TracedExecution {
    const base = { arn, stateMachineArn, startDate: start, redriveCount: 0, state: this.state };
    return traceHeader === undefined ? base : { ...base, traceHeader };
  }
}

function taskIds(commands: readonly Command[]): string[] {
  return commands.flatMap((command) => (command.type === 'InvokeTask' ? [command.invocation.taskId] : []));
}

const named = (spans: readonly FinishedSpan[], name: string): FinishedSpan[] =>
  spans.filter((span) => span.name === name || span.name.endsWith(`:${name}`));

test('a Parallel: states nest under it, tasks under their states, and callees get their task span', async () => {
  const run = new Execution(parallel);
  const spans = new ExecutionSpans(run.record());
  const finished: FinishedSpan[] = [];
  const started = await run.send({ type: 'StartExecution', input: '{}', execution: run.info() });
  finished.push(...spans.observe(started.events, run.state));
  const [taskA, taskB] = taskIds(started.commands);
  assert.ok(taskA !== undefined && taskB !== undefined);
  const contextA = spans.taskContext(taskA);
  assert.equal(contextA?.traceId, spans.traceId);
  assert.equal(spans.taskContext('0:task:999'), undefined, 'an unknown task has no context');
  const failed = await run.send({ type: 'TaskFailed', taskId: taskB, error: 'Oops', cause: 'first try' });
  finished.push(...spans.observe(failed.events, run.state));
  const retried = await run.send({ type: 'TimerFired', timerId: timerOf(failed.commands) });
  finished.push(...spans.observe(retried.events, run.state));
  const [taskB2] = taskIds(retried.commands);
  assert.ok(taskB2 !== undefined);
  const contextB2 = spans.taskContext(taskB2);
  for (const [taskId, output] of [
    [taskA, '"a"'],
    [taskB2, '"b"'],
  ] as const) {
    const done = await run.send({ type: 'TaskSucceeded', taskId, output });
    finished.push(...spans.observe(done.events, run.state));
  }
  assert.equal(run.state.status, 'SUCCEEDED');
  assert.ok(spans.ended);

  const [execution] = finished.filter((span) => span.kind === 'execution');
  assert.equal(execution?.parentSpanId, undefined);
  const [both] = named(finished, 'Both');
  assert.equal(both?.parentSpanId, execution?.spanId);
  const [a] = named(finished, 'A');
  const [b] = named(finished, 'B');
  assert.equal(a?.parentSpanId, both?.spanId);
  assert.equal(b?.parentSpanId, both?.spanId);
  const tasksOfB = finished.filter((span) => span.kind === 'task' && span.parentSpanId === b?.spanId);
  assert.deepEqual(
    tasksOfB.map((span) => span.error),
    ['Oops', undefined],
    'the failed try (with its error) and the retry are two task spans',
  );
  assert.equal(tasksOfB[1]?.spanId, contextB2?.spanId, 'the callee ran in the span that was exported');
  const tasksOfA = finished.find((span) => span.kind === 'task' && span.parentSpanId === a?.spanId);
  assert.ok(tasksOfA !== undefined);
  assert.equal(tasksOfA.spanId, contextA.spanId);
  assert.equal(tasksOfA.attributes['aws.stepfunctions.task.resource'], lambda('a'));
  assert.equal(new Set(finished.map((span) => span.spanId)).size, finished.length, 'span ids are unique');
  for (const span of finished) assert.ok(span.end >= span.start, `${span.name} ends after it starts`);
});

test("a traceHeader's trace and caller; a failed execution's spans carry its error", async () => {
  const run = new Execution({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Broken', Cause: 'c' } } });
  const header = 'Sampled=0;Parent=53995c3f42cd8ad8;Root=1-5759E988-bd862e3fe1be46a994272793';
  const spans = new ExecutionSpans(run.record(header));
  const done = await run.send({ type: 'StartExecution', input: '{}', execution: run.info() });
  const finished = spans.observe(done.events, run.state);
  assert.equal(spans.sampled, false);
  const execution = finished.find((span) => span.kind === 'execution');
  assert.ok(execution !== undefined);
  assert.equal(execution.traceId, '5759e988bd862e3fe1be46a994272793');
  assert.equal(execution.parentSpanId, '53995c3f42cd8ad8');
  assert.equal(execution.error, 'Broken');
});

test('after a restart, a new observer ends the execution and open states with the ids the first gave', async () => {
  const run = new Execution({
    StartAt: 'Nap',
    States: { Nap: { Type: 'Wait', Seconds: 60, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
  });
  const first = new ExecutionSpans(run.record());
  const started = await run.send({ type: 'StartExecution', input: '{}', execution: run.info() });
  assert.deepEqual(first.observe(started.events, run.state), []);
  // The process that saw the start is gone; another one takes the timer, reading the earlier events.
  const second = new ExecutionSpans(run.record());
  second.replay(started.events);
  const woke = await run.send({ type: 'TimerFired', timerId: timerOf(started.commands) });
  const finished = second.observe(woke.events, run.state);
  assert.equal(second.traceId, first.traceId, 'the trace id depends on the execution alone');
  const [execution] = finished.filter((span) => span.kind === 'execution');
  const startedAt = started.events[0]?.timestamp;
  assert.equal(execution?.start, startedAt);
  const [nap] = named(finished, 'Nap');
  assert.equal(nap?.parentSpanId, execution?.spanId);
  assert.equal(nap?.start, startedAt);
  assert.equal(nap?.end, woke.events[0]?.timestamp);
  assert.equal(named(finished, 'Done').length, 1);
});

function timerOf(commands: readonly Command[]): string {
  const timer = commands.find((command) => command.type === 'StartTimer');
  assert.ok(timer?.type === 'StartTimer');
  return timer.timerId;
}
