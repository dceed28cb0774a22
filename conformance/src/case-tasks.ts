// How every target performs a case's Task: Lambda resources are answered by the case's local handlers, with
// Python-serialised results and AWS's Python error payload; anything else goes to the AWS service handlers
// when the run uses an AWS-compatible server, and has no handler otherwise.

import type { JsonValue, TaskInvocation, TaskResult } from '@stepwise/core';
import {
  integrations,
  invokeLambdaTask,
  isLambdaResource,
  parseConnections,
  type ExecuteOptions,
  type LambdaFunction,
  type TaskHandler,
  type TaskOutcome,
  runInVirtualTime,
  type ManualClock,
  type Runtime,
  createStepwise,
  type Stepwise,
  type StepwiseOptions,
  type Store,
} from 'stepwise';
import { invokeServiceTask, performServiceTask } from './aws-services.ts';
import type { CaseDeliveries } from './case-side-services.ts';
import type { ConformanceCase } from './case.ts';
import { findLambda, lambdaErrorCause, localLambdas, type LocalLambda } from './lambdas.ts';
import { pythonJsonDumps, pythonJsonRoundTrip } from './python-text.ts';

export const caseAccount = '111111111111';
export const caseRegion = 'us-east-1';

/**
 * When a case's execution starts on the targets' virtual clocks: now, at 123 ms past the second. AWS's
 * timestamps carry milliseconds, and a response whose length the recording shows (the nested execution
 * integration's Content-Length, of a body holding `1.761644502123E9`) has three digits of them.
 */
export function caseStartTime(): number {
  return Math.floor(Date.now() / 1000) * 1000 + 123;
}

/** The case's Task performer. */
export function caseTasks(c: ConformanceCase): (invocation: TaskInvocation) => Promise<TaskResult> {
  const functions = localLambdas(c.lambdas);
  return (invocation) => invokeTask(invocation, functions);
}

/** The case's Task performer for a runtime, where a `.waitForTaskToken` service call waits for its token. */
export function caseTaskOutcomes(
  c: ConformanceCase,
): (invocation: TaskInvocation, options?: ExecuteOptions) => Promise<TaskOutcome> {
  const tasks = caseTasks(c);
  const http = caseHttpTask(c);
  return (invocation, options) => {
    if (isLambdaResource(invocation.resource)) return tasks(invocation);
    if (http?.handles(invocation.resource) === true) return http.execute(invocation, options ?? {});
    return performServiceTask(invocation, options);
  };
}

/**
 * The HTTP Task of a case that declares `server.httpAllow`: `serve`'s own handler, with that egress policy
 * and the case's connections, as `serve --http-allow … --connections …` builds it.
 */
function caseHttpTask(c: ConformanceCase): TaskHandler | undefined {
  const server = c.server;
  if (server?.httpAllow === undefined) return undefined;
  const connections = parseConnections(JSON.stringify(server.connections ?? {}), `${c.id}: server.connections`);
  const { handlers } = integrations({ region: caseRegion, egress: { allow: server.httpAllow }, connections });
  return handlers.find((handler) => handler.handles('arn:aws:states:::http:invoke'));
}

function invokeTask(invocation: TaskInvocation, functions: Map<string, LocalLambda>): Promise<TaskResult> {
  if (!isLambdaResource(invocation.resource)) return invokeServiceTask(invocation);
  const resolve = (name: string): LambdaFunction | undefined => {
    const local = findLambda(functions, name);
    return local === undefined ? undefined : asLambdaFunction(local);
  };
  return invokeLambdaTask(invocation, resolve, { region: caseRegion, accountId: caseAccount });
}

function asLambdaFunction(local: LocalLambda): LambdaFunction {
  return {
    invoke: async (event: string, requestId: string) => {
      const durationSeconds = local.durationSeconds;
      if (local.error !== undefined) {
        const errorPayload = lambdaErrorCause(local.error, requestId, 'spaced');
        return { errorType: local.error.errorType, errorPayload, durationSeconds };
      }
      // A Python function that returns its event answers json.dumps(json.loads(event)): 0.0 stays a float.
      if (local.behaviour === 'identity' || local.behaviour === 'sleep-then-identity') {
        return { payload: pythonJsonRoundTrip(event), durationSeconds };
      }
      const result = await local.handler(JSON.parse(event) as JsonValue);
      return { payload: pythonJsonDumps(result), durationSeconds };
    },
  };
}

/** The runtime options a case's server options ask for (`server.timeScale`), beside the harness's own. */
export function caseRuntimeOptions(c: ConformanceCase): { activityPollMillis: number; waitTimeScale?: number } {
  // GetActivityTask answers at once (no long poll): a case takes its tasks as a worker would.
  const timeScale = c.server?.timeScale;
  return { activityPollMillis: 0, ...(timeScale === undefined ? {} : { waitTimeScale: timeScale }) };
}

/**
 * Moves a target's virtual clock for an `Advance` step: due work up to `seconds` on, then (`exact`) to there.
 * EventBridge deliveries are performed as they fall due, between the runtime's own due work.
 */
export async function advanceCase(
  step: {
    runtime: Runtime;
    clock: ManualClock;
    retention: { sweep(): Promise<number> } | undefined;
    logs: { flush(): Promise<void> } | undefined;
    deliveries?: CaseDeliveries | undefined;
  },
  seconds: number,
  exact: boolean,
): Promise<void> {
  const horizon = step.clock.now() + seconds * 1000;
  for (;;) {
    await step.deliveries?.drain();
    const delivery = await step.deliveries?.next();
    const until = delivery === undefined ? horizon : Math.min(horizon, delivery);
    await runInVirtualTime(step.runtime, step.clock, { horizon: until });
    // A delivery still due after the drain is leased elsewhere: it is not this clock's to move past.
    if (delivery === undefined || delivery > horizon || delivery <= step.clock.now()) break;
    step.clock.set(delivery);
  }
  if (exact && step.clock.now() < horizon) step.clock.set(horizon);
  await step.retention?.sweep();
  await step.logs?.flush();
}

/**
 * Stepwise over `store` as a case sees it: the case's task handlers and Task answers, its region and account,
 * on `clock`; `extra` adds the case's server options.
 */
export function caseStepwise(
  c: ConformanceCase,
  store: Store,
  clock: ManualClock,
  extra: Partial<StepwiseOptions> = {},
): Stepwise {
  return createStepwise({
    store,
    clock,
    tasks: { execute: caseTaskOutcomes(c) },
    region: caseRegion,
    accountId: caseAccount,
    invokeTask: caseTasks(c),
    ...extra,
  });
}
