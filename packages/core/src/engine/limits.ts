// AWS's execution limits and the engine's own bounds, enforced in core so that every driver (the durable
// runtime, Express, `stepwise run`, TestState) has them.

import { StatesErrors, type Failure } from '../asl/errors.ts';

/**
 * AWS's hard quota on an execution's history. AWS waits for event 25,000: when it is ExecutionSucceeded
 * the execution succeeds, otherwise ExecutionFailed is recorded as that event.
 */
export const maxHistoryEvents = 25_000;

/** The failure AWS records when an execution reaches its history quota. */
export function historyLimitFailure(limit = maxHistoryEvents): Failure {
  return {
    error: StatesErrors.Runtime,
    cause: `The execution reached the maximum number of history events (${limit}).`,
  };
}

/**
 * States entered by one call of step() (a Map iteration's first state aside) before the threads still
 * runnable yield: the step commits, and
 * a timer due at once continues them, so that no execution holds the runtime's event loop for long (a
 * Pass→Pass loop no longer runs inside the StartExecution request).
 */
export const maxStatesPerStep = 1_000;

/** The prefix of the timer that continues the threads a step left runnable. */
export const yieldTimerPrefix = 'execution-yield:';
