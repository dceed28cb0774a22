// `arn:aws:states:::states:startExecution` as a Task: StartExecution's own semantics (names, ARNs,
// versions and aliases, idempotency, errors) through the service, with AWS's integration shapes. The
// request-response pattern answers with StartExecution's response; `.sync`, `.sync:2` and
// `.waitForTaskToken` start a child that remembers its parent task, whose first step tells the parent
// TaskSubmitted (and, for `.sync`, whose end answers it: see runtime/child-executions.ts).

import { createHash } from 'node:crypto';
import {
  isIntegration,
  javaDouble,
  parseResource,
  taskPattern,
  type JsonValue,
  type TaskInvocation,
  type TaskResult,
} from '@stepwise/core';
import { childAnswer, nestedSyncMode } from '../runtime/child-executions.ts';
import type { ExecuteOptions, TaskHandler, TaskOutcome } from '../runtime/tasks/executor.ts';
import { xrayTraceHeader, type TraceContext } from '../runtime/tracing/trace-context.ts';
import type { AccountService } from './accounts.ts';
import { accountOfArn } from './arns.ts';
import type { ServiceDeps } from './context.ts';
import { ApiError } from './errors.ts';
import { requestShapes } from './request-shapes.ts';
import type { NewExecution } from './runtime-port.ts';
import { prepareExecution, startStandard } from './start-execution.ts';
import { validateRequest } from './validate-request.ts';

/** The patterns StartExecution is performed with. */
const suffixes = ['', '.sync', '.sync:2', '.waitForTaskToken'];

function isStartExecution(resource: string): boolean {
  const parsed = parseResource(resource);
  return isIntegration(parsed, 'states', 'startExecution') && suffixes.includes(parsed.suffix);
}

/** `service(account)` gives an account's service: the parent execution's account. */
export function nestedExecutionHandler(service: (account: string | undefined) => AccountService): TaskHandler {
  return {
    handles: isStartExecution,
    execute: (invocation, options) =>
      startNested(service(accountOfArn(options.executionArn ?? '')), invocation, options),
  };
}

async function startNested(
  service: AccountService,
  invocation: TaskInvocation,
  options: ExecuteOptions,
): Promise<TaskOutcome> {
  const { deps } = service;
  const pattern = taskPattern(invocation.resource);
  try {
    const request = validateRequest(
      apiRequest(deps, invocation, options.executionArn, options.trace),
      requestShapes.StartExecution,
    );
    service.refuseForeign('StartExecution', request);
    const execution = await prepareExecution(deps, request);
    const response = startResponse(deps, execution.arn, execution.startDate);
    if (execution.type === 'EXPRESS') return await startExpress(deps, execution, invocation, response);
    if (options.executionArn !== undefined) {
      execution.parent = {
        executionArn: options.executionArn,
        taskId: invocation.taskId,
        resource: invocation.resource,
      };
      if (pattern !== 'request') execution.parentSubmission = response;
    }
    const started = await startStandard(deps, execution);
    if (pattern === 'request') return { output: startResponse(deps, started.arn, started.startDate) };
    return execution.parent === undefined ? { waitingForCallback: true, output: response } : { handedOver: true };
  } catch (error) {
    if (error instanceof ApiError) return integrationFailure(deps, error);
    throw error;
  }
}

/** An Express child keeps no record to report from: `.sync` waits for it here. */
async function startExpress(
  deps: ServiceDeps,
  execution: NewExecution,
  invocation: TaskInvocation,
  response: string,
): Promise<TaskOutcome> {
  const mode = nestedSyncMode(invocation.resource);
  if (mode === undefined) {
    await deps.runtime.startExpressExecution(execution);
    return taskPattern(invocation.resource) === 'request'
      ? { output: response }
      : { waitingForCallback: true, output: response };
  }
  const outcome = await deps.runtime.runSyncExecution(execution);
  const summary = { ...execution, ...outcome, redriveCount: 0 };
  const answer = childAnswer(summary, invocation.taskId, mode);
  const result: TaskResult =
    answer.type === 'TaskSucceeded'
      ? { output: answer.output }
      : { error: 'States.TaskFailed', cause: answer.type === 'TaskFailed' ? (answer.cause ?? '') : '' };
  return { ...result, submitted: response };
}

/** The task's Parameters (`StateMachineArn`, `Input`, `Name`) as a StartExecution request. */
function apiRequest(
  deps: ServiceDeps,
  invocation: TaskInvocation,
  parentArn: string | undefined,
  trace: TraceContext | undefined,
): Record<string, unknown> {
  const parameters = isObject(invocation.input) ? invocation.input : {};
  const input = parameters.Input;
  const request: Record<string, unknown> = {
    stateMachineArn: parameters.StateMachineArn,
    input: typeof input === 'string' ? input : input === undefined || input === null ? '{}' : JSON.stringify(input),
    // Without a Name, one derived from the parent task: a repeated call (after a crash) finds its child again.
    name: parameters.Name ?? (parentArn === undefined ? deps.uuid() : derivedName(parentArn, invocation.taskId)),
  };
  if (parameters.TraceHeader !== undefined) request.traceHeader = parameters.TraceHeader;
  // A traced parent hands its task span on, so the child's execution span nests under the parent's task.
  else if (trace !== undefined) request.traceHeader = xrayTraceHeader(trace);
  return request;
}

function isObject(value: JsonValue): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A uuid-shaped name that is the same for every call of one task. */
function derivedName(parentArn: string, taskId: string): string {
  const hex = createHash('sha256').update(`${parentArn}#${taskId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** StartExecution's response as the integration returns it: AWS's capitalised members, HTTP metadata, epoch ms. */
function startResponse(deps: ServiceDeps, executionArn: string, startDate: number): string {
  const requestId = deps.uuid();
  // The length of AWS's own response body, whose timestamp is a Java double (`1.761644502123E9`).
  const body = `{"executionArn":${JSON.stringify(executionArn)},"startDate":${javaDouble(startDate / 1000)}}`;
  const length = String(Buffer.byteLength(body));
  const date = new Date(deps.now()).toUTCString();
  const contentType = 'application/x-amz-json-1.0';
  return JSON.stringify({
    ExecutionArn: executionArn,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'x-amzn-RequestId': [requestId],
        connection: ['keep-alive'],
        'Content-Length': [length],
        Date: [date],
        'Content-Type': [contentType],
      },
      HttpHeaders: {
        connection: 'keep-alive',
        'Content-Length': length,
        'Content-Type': contentType,
        Date: date,
        'x-amzn-RequestId': requestId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StartDate: startDate,
  });
}

/** An API error as the integration reports it: `StepFunctions.<Name>Exception`, the SDK's cause text. */
function integrationFailure(deps: ServiceDeps, error: ApiError): TaskResult {
  const name = error.type.endsWith('Exception') ? error.type : `${error.type}Exception`;
  const cause = `${error.message} (Service: AWSStepFunctions; Status Code: ${error.status}; Error Code: ${error.type}; Request ID: ${deps.uuid()}; Proxy: null)`;
  return { error: `StepFunctions.${name}`, cause };
}
