// Retry and Catch: which retrier or catcher handles a failure (AWS's matching rules), the back-off
// before a retry, and the output a catcher passes on.

import { StatesErrors, type Failure } from '../asl/errors.ts';
import type { Catcher, Retrier } from '../asl/types.ts';
import type { JsonObject } from '../json/json-value.ts';
import { applyResultPath } from './io.ts';
import type { CompiledState } from './machine.ts';
import { evaluateAssign, exit, jsonataScope } from './state-exit.ts';
import type { Outcome, StateContext } from './state-context.ts';
import type { ThreadState } from './types.ts';

/** AWS's rules: States.ALL matches every error but States.Runtime ... */
const notMatchedByAll = new Set<string>([StatesErrors.Runtime]);

/**
 * `heartbeatTimeout`: the failure is a HeartbeatSeconds timeout, recorded as States.Timeout and also
 * matched by States.HeartbeatTimeout (a name AWS accepts only in Retry and Catch).
 */
export function errorMatches(errorEquals: readonly string[], error: string, heartbeatTimeout = false): boolean {
  return errorEquals.some((name) => {
    if (name === error) return true;
    if (name === StatesErrors.HeartbeatTimeout) return heartbeatTimeout;
    if (name === StatesErrors.ALL) return !notMatchedByAll.has(error);
    // ... and States.TaskFailed matches every error a task can raise except States.Timeout.
    if (name === StatesErrors.TaskFailed) return error !== StatesErrors.Timeout && !notMatchedByAll.has(error);
    return false;
  });
}

function matches(errorEquals: readonly string[], failure: Failure): boolean {
  return errorMatches(errorEquals, failure.error, failure.heartbeatTimeout === true);
}

/**
 * What a catcher passes on: `{Error, Cause}`; a failure sent with no error at all (SendTaskFailure) shows nulls.
 * A task that timed out has no cause in its history event, but AWS hands its catcher an empty one
 * (`{"Error":"States.Timeout","Cause":""}`, as AWS executions show).
 */
function catcherInput(failure: Failure): JsonObject {
  if (failure.error === '' && failure.cause === undefined) return { Error: null, Cause: null };
  const errorOutput: JsonObject = { Error: failure.error };
  if (failure.cause !== undefined) errorOutput.Cause = failure.cause;
  else if (failure.error === StatesErrors.Timeout) errorOutput.Cause = '';
  return errorOutput;
}

function retriersOf(state: CompiledState): Retrier[] {
  return 'Retry' in state.def ? (state.def.Retry ?? []) : [];
}

function catchersOf(state: CompiledState): Catcher[] {
  return 'Catch' in state.def ? (state.def.Catch ?? []) : [];
}

/**
 * When the first retrier that matches still has attempts left: counts the attempt and returns when the
 * retry is due (the engine then waits for it); otherwise undefined.
 */
export function retryDueTime(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  failure: Failure,
): number | undefined {
  if (failure.error === StatesErrors.Runtime) return undefined;
  const retriers = retriersOf(state);
  const index = retriers.findIndex((retrier) => matches(retrier.ErrorEquals, failure));
  const retrier = retriers[index];
  if (retrier === undefined) return undefined;
  const attempts = thread.retries[index] ?? 0;
  if (attempts >= (retrier.MaxAttempts ?? 3)) return undefined;
  thread.retries[index] = attempts + 1;
  return run.now + backoffMillis(run, retrier, attempts);
}

/** IntervalSeconds x BackoffRate^attempt, capped by MaxDelaySeconds, with FULL jitter when asked. */
function backoffMillis(run: StateContext, retrier: Retrier, attempts: number): number {
  let seconds = (retrier.IntervalSeconds ?? 1) * Math.pow(retrier.BackoffRate ?? 2, attempts);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = seconds * run.ctx.services.random();
  return Math.round(seconds * 1000);
}

/** The outcome of the first catcher that matches, or undefined when none does. */
export async function catchFailure(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  failure: Failure,
): Promise<Outcome | undefined> {
  if (failure.error === StatesErrors.Runtime) return undefined;
  const catchers = catchersOf(state);
  const index = catchers.findIndex((catcher) => matches(catcher.ErrorEquals, failure));
  const catcher = catchers[index];
  if (catcher === undefined) return undefined;
  const compiled = state.catchers[index];
  if (compiled === undefined) return undefined;
  const errorOutput = catcherInput(failure);
  return run.guard(thread, async () => {
    if (state.queryLanguage === 'JSONata') {
      const scope = jsonataScope(run, thread, { errorOutput });
      const output = compiled.output ? await compiled.output.evaluate(scope) : errorOutput;
      const assign = await evaluateAssign(run, thread, compiled.assign, scope, errorOutput);
      return exit(thread, output, undefined, assign, catcher.Next);
    }
    const assign = await evaluateAssign(run, thread, compiled.assign, undefined, errorOutput);
    return exit(thread, applyResultPath(thread, compiled.resultPath, errorOutput), undefined, assign, catcher.Next);
  });
}
