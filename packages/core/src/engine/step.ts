// step(): the pure, deterministic heart of Stepwise. Given a compiled machine, an execution's state and
// one input, it returns the next state, the history events recorded and the commands to perform.
// The state object passed in is taken over (updated in place and returned), so callers keep no copy.

import { payloadFromText } from './payload.ts';
import type { Machine } from './machine.ts';
import { executionTimeoutTimerId, Run } from './run.ts';
import type { TaskAnswer, TaskProgress } from './state-context.ts';
import { fireStateTimer, reportProgress, resumeState } from './dispatch.ts';
import { redrive } from './redrive-execution.ts';
import { awaitedMapRun, awaitedTaskId, firedTimer, mapRunEnded, taskAnswered, taskTimedOut } from './pending-work.ts';
import type { EngineContext, EngineInput, ExecutionInfo, ExecutionState, StepResult, ThreadState } from './types.ts';

/** The initial state of an execution that has not yet started. */
export function newExecutionState(execution: ExecutionInfo, input: string, startTime: number): ExecutionState {
  return {
    status: 'RUNNING',
    execution,
    startTime,
    input: payloadFromText(input),
    nextEventId: 1,
    nextId: 1,
    threads: {},
  };
}

export async function step(
  machine: Machine,
  state: ExecutionState,
  input: EngineInput,
  ctx: EngineContext,
): Promise<StepResult> {
  const run = new Run(machine, state, ctx, ctx.now());
  if (input.type === 'StartExecution') await start(run, input.input);
  else if (input.type === 'RedriveExecution') await redrive(run);
  else if (state.status === 'RUNNING') await apply(run, input);
  // Events recorded outside the state loop (TaskStarted, a timeout, ...) may also reach the quota.
  run.enforceHistoryLimit();
  return { state, events: run.history.events, commands: run.commands };
}

async function start(run: Run, inputText: string): Promise<void> {
  const { state } = run;
  const details = { input: inputText, inputDetails: { truncated: false }, roleArn: state.execution.roleArn };
  run.history.recordAfter(0, 'ExecutionStarted', { executionStartedEventDetails: details });
  run.startExecutionTimeout();
  const variables = state.initialVariables === undefined ? {} : { variables: { ...state.initialVariables } };
  run.startThread({ id: '0', block: '', recorded: true, input: state.input, cursor: 0, ...variables });
  await run.drain();
}

async function apply(
  run: Run,
  input: Exclude<EngineInput, { type: 'StartExecution' | 'RedriveExecution' }>,
): Promise<void> {
  switch (input.type) {
    case 'StopExecution': {
      const details: Record<string, string> = {};
      if (input.error !== undefined) details.error = input.error;
      if (input.cause !== undefined) details.cause = input.cause;
      run.terminate('ABORTED', 'ExecutionAborted', { executionAbortedEventDetails: details }, 0);
      // DescribeExecution of a stopped execution shows the error and cause given to StopExecution.
      if (input.error !== undefined) run.state.error = input.error;
      if (input.cause !== undefined) run.state.cause = input.cause;
      return;
    }
    case 'FailExecution':
      run.failExecution({ error: input.error, cause: input.cause });
      return;
    case 'TimerFired':
      await fireTimer(run, input.timerId);
      return;
    case 'MapRunEnded': {
      const thread = Object.values(run.state.threads).find(
        (candidate) => awaitedMapRun(candidate.pending) === input.mapRunArn,
      );
      // A late or repeated answer: the Map has moved on.
      if (thread?.pending === undefined) return;
      mapRunEnded(thread.pending);
      const answer = { mapRun: input.outcome, call: 'mapRunChildren' as const };
      await run.resume(thread, await resumeState(run, thread, run.currentState(thread), answer));
      return;
    }
    case 'TaskSubmitted':
    case 'TaskStarted':
    case 'TaskHeartbeat': {
      const thread = waitingThread(run, input.taskId);
      if (thread === undefined) return;
      reportProgress(run, thread, run.currentState(thread), progressOf(input));
      return;
    }
    case 'TaskSucceeded':
    case 'TaskFailed': {
      const thread = waitingThread(run, input.taskId);
      const pending = thread?.pending;
      if (thread === undefined || pending === undefined) return;
      const call = taskAnswered(pending, run.commands);
      // Built whole, not spread: `{ ...answer, call }` cost a Task chain 30 % more CPU in V8 (seams-ab.ts).
      const answer: TaskAnswer =
        input.type === 'TaskSucceeded' ? { output: input.output, call } : { failure: failureOf(input), call };
      const outcome = await resumeState(run, thread, run.currentState(thread), answer);
      await run.resume(thread, outcome);
      return;
    }
  }
}

function progressOf(
  input: Extract<EngineInput, { type: 'TaskSubmitted' | 'TaskStarted' | 'TaskHeartbeat' }>,
): TaskProgress {
  if (input.type === 'TaskSubmitted') return { kind: 'submitted', output: input.output };
  return input.type === 'TaskStarted' ? { kind: 'started', workerName: input.workerName } : { kind: 'heartbeat' };
}

function failureOf(input: { error: string; cause?: string }): { error: string; cause?: string } {
  return input.cause === undefined ? { error: input.error } : { error: input.error, cause: input.cause };
}

async function fireTimer(run: Run, timerId: string): Promise<void> {
  if (timerId === executionTimeoutTimerId) {
    // DescribeExecution of a timed-out execution shows no error (corpus: timeouts.global_timeout).
    const details = { executionTimedOutEventDetails: {} };
    run.terminate('TIMED_OUT', 'ExecutionTimedOut', details, run.state.nextEventId - 1);
    return;
  }
  if (timerId === run.state.yieldTimerId) {
    await run.resumeYielded();
    return;
  }
  const thread = threadOf(run, timerId);
  const pending = thread?.pending;
  if (thread === undefined || pending === undefined) return;
  const fired = firedTimer(pending, timerId);
  if (fired === undefined) return;
  if (fired === 'retry') {
    thread.pending = undefined;
    await run.reexecute(thread);
    return;
  }
  if (fired !== 'wait') taskTimedOut(pending, fired, run.commands);
  await run.resume(thread, await fireStateTimer(run, thread, run.currentState(thread), fired));
}

/**
 * The thread waiting for task `taskId` (a Task, or a Distributed Map reading items or writing results);
 * undefined when the task is over (a late or repeated answer).
 */
function waitingThread(run: Run, taskId: string): ThreadState | undefined {
  const thread = threadOf(run, taskId);
  return awaitedTaskId(thread?.pending) === taskId ? thread : undefined;
}

/** Timer and task ids start with the id of the thread that owns them. */
function threadOf(run: Run, id: string): ThreadState | undefined {
  return run.state.threads[id.slice(0, id.indexOf(':'))];
}
