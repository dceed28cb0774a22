// How every target performs a case's Task: Lambda resources are answered by the case's local handlers, with
// Python-serialised results and AWS's Python error payload; anything else has no local handler.

import type { JsonValue, TaskInvocation, TaskResult } from '@stepwise/core';
import { invokeLambdaTask, isLambdaResource, type LambdaFunction } from 'stepwise';
import type { ConformanceCase } from './case.ts';
import { findLambda, lambdaErrorCause, localLambdas, type LocalLambda } from './lambdas.ts';
import { pythonJsonDumps } from './python-text.ts';

export const caseAccount = '111111111111';
export const caseRegion = 'us-east-1';

/** The case's Task performer. */
export function caseTasks(c: ConformanceCase): (invocation: TaskInvocation) => Promise<TaskResult> {
  const functions = localLambdas(c.lambdas);
  return (invocation) => invokeTask(invocation, functions);
}

function invokeTask(invocation: TaskInvocation, functions: Map<string, LocalLambda>): Promise<TaskResult> {
  if (!isLambdaResource(invocation.resource)) {
    return Promise.resolve({ error: 'States.Runtime', cause: `No local handler for ${invocation.resource}` });
  }
  const resolve = (name: string): LambdaFunction | undefined => {
    const local = findLambda(functions, name);
    return local === undefined ? undefined : asLambdaFunction(local);
  };
  return invokeLambdaTask(invocation, resolve, { region: caseRegion, accountId: caseAccount });
}

function asLambdaFunction(local: LocalLambda): LambdaFunction {
  return {
    invoke: async (event: JsonValue, requestId: string) => {
      const durationSeconds = local.durationSeconds;
      if (local.error !== undefined) {
        const errorPayload = lambdaErrorCause(local.error, requestId, 'spaced');
        return { errorType: local.error.errorType, errorPayload, durationSeconds };
      }
      const result = await local.handler(event);
      return { payload: pythonJsonDumps(result), durationSeconds };
    },
  };
}
