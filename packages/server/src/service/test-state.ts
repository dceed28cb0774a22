// TestState: runs one state (or a whole machine's start state) without creating anything, through core's
// pure testState; an unmocked Task calls its resource through the server's task executor.

import {
  testState,
  type EvaluationServices,
  type TaskInvocation,
  type TaskResult,
  type TestStateRequest,
} from '@stepwise/core';
import type { Handler } from './api.ts';
import { ApiError } from './errors.ts';

/** The TestState semantics: given a validated request, the TestState response or an ApiError. */
export type TestStateFunction = (request: Record<string, unknown>) => Promise<object>;

export interface EngineTestStateOptions {
  region: string;
  accountId: string;
  now: () => number;
  services: EvaluationServices;
  /** Performs an unmocked Task's resource; without it such a request is refused as AWS refuses one it cannot run. */
  invokeTask?: (invocation: TaskInvocation) => Promise<TaskResult>;
}

/** TestState as core computes it, its refusals turned into AWS's exceptions. */
export function engineTestState(options: EngineTestStateOptions): TestStateFunction {
  return async (request) => {
    const result = await testState(request as unknown as TestStateRequest, {
      now: options.now,
      evaluation: options.services,
      region: options.region,
      accountId: options.accountId,
      ...(options.invokeTask === undefined ? {} : { invokeTask: options.invokeTask }),
    });
    if (result.kind === 'rejected') throw new ApiError(result.code, result.message);
    return result.response;
  };
}

export function testStateHandler(testStateFunction: TestStateFunction): Handler {
  return (request) => testStateFunction(request);
}
