// Lambda as Step Functions sees it: the legacy resource `arn:aws:lambda:...:function:NAME` (the event in,
// the function's raw result out) and the optimized integration `arn:aws:states:::lambda:invoke`
// (FunctionName and Payload in, AWS's Invoke response shape out), with AWS's errors for each.

import { randomUUID } from 'node:crypto';
import {
  functionNameOf,
  isIntegration,
  parseResource,
  type JsonValue,
  type TaskInvocation,
  type TaskResult,
} from '@stepwise/core';
import type { TraceContext } from '../tracing/trace-context.ts';

/** What one call of a function produced: its result as JSON text, or its error as the runtime reports it. */
export type LambdaOutcome =
  { payload: string; durationSeconds?: number } | { errorType: string; errorPayload: string; durationSeconds?: number };

export interface InvokeOptions {
  /** Aborting ends the call (and its process); the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The calling task's span: the function sees it as `_X_AMZN_TRACE_ID` and `context.xRayTraceId`. */
  trace?: TraceContext;
}

export interface LambdaFunction {
  /** `event` is the event's JSON text, exactly as Step Functions sends it. */
  invoke(event: string, requestId: string, options?: InvokeOptions): Promise<LambdaOutcome>;
}

/** Finds a function by name; undefined when there is none. */
export type FunctionResolver = (name: string) => LambdaFunction | undefined;

export interface LambdaTarget {
  region: string;
  accountId: string;
}

export const lambdaInvokeResource = 'arn:aws:states:::lambda:invoke';

/** A Lambda function's ARN or the `lambda:invoke` integration (any pattern). */
export function isLambdaResource(resource: string): boolean {
  const parsed = parseResource(resource);
  return parsed.kind === 'lambda' || isIntegration(parsed, 'lambda', 'invoke');
}

export async function invokeLambdaTask(
  invocation: TaskInvocation,
  resolve: FunctionResolver,
  target: LambdaTarget,
  options: InvokeOptions = {},
): Promise<TaskResult> {
  const integrated = isIntegration(parseResource(invocation.resource), 'lambda', 'invoke');
  const parameters = invocation.input;
  const reference = integrated ? functionNameParameter(parameters) : invocation.resource;
  const name = functionNameOf(reference);
  const fn = resolve(name);
  const requestId = randomUUID();
  if (fn === undefined) return notFound(name, target, requestId);
  const event = integrated ? payloadText(parameters) : (invocation.inputText ?? JSON.stringify(parameters));
  const outcome = await fn.invoke(event, requestId, options);
  if ('errorType' in outcome) {
    const cause = integrated ? compactJson(outcome.errorPayload) : outcome.errorPayload;
    return { error: outcome.errorType, cause, durationSeconds: outcome.durationSeconds };
  }
  if (!integrated) return { output: outcome.payload, durationSeconds: outcome.durationSeconds };
  const response = invokeResponse(outcome.payload, requestId, wantsLogTail(parameters));
  return { output: JSON.stringify(response), durationSeconds: outcome.durationSeconds };
}

function functionNameParameter(parameters: JsonValue): string {
  if (typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters)) {
    const name = parameters.FunctionName;
    if (typeof name === 'string') return name;
  }
  return '';
}

/**
 * The event `lambda:invoke` sends: a string Payload that holds JSON is the raw request body, as written
 * (`"0.0"` arrives as 0.0); any other string is sent as a JSON string; no Payload sends `{}`.
 */
function payloadText(parameters: JsonValue): string {
  const payload =
    typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters)
      ? parameters.Payload
      : undefined;
  if (payload === undefined || payload === null) return '{}';
  if (typeof payload !== 'string') return JSON.stringify(payload);
  try {
    JSON.parse(payload);
    return payload;
  } catch {
    return JSON.stringify(payload);
  }
}

function notFound(name: string, target: LambdaTarget, requestId: string): TaskResult {
  const arn = `arn:aws:lambda:${target.region}:${target.accountId}:function:${name}:$LATEST`;
  return {
    error: 'Lambda.ResourceNotFoundException',
    cause: `Function not found: ${arn} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: ${requestId}; Proxy: null)`,
  };
}

function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** `LogType: "Tail"` asks Invoke for the end of the function's log (base64) in LogResult. */
function wantsLogTail(parameters: JsonValue): boolean {
  return (
    typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters) && parameters.LogType === 'Tail'
  );
}

/** AWS's response shape for `lambda:invoke`, with the headers a real Invoke returns. */
function invokeResponse(payloadText: string, requestId: string, logTail: boolean): JsonValue {
  const length = String(Buffer.byteLength(payloadText));
  const date = new Date().toUTCString();
  const traceId = `Root=1-${randomUUID().replaceAll('-', '').slice(0, 24)}`;
  const logResult = Buffer.from(
    `START RequestId: ${requestId} Version: $LATEST\nEND RequestId: ${requestId}\n`,
  ).toString('base64');
  const logHeaders: Record<string, string[]> = logTail ? { 'X-Amz-Log-Result': [logResult] } : {};
  return {
    ExecutedVersion: '$LATEST',
    ...(logTail ? { LogResult: logResult } : {}),
    Payload: JSON.parse(payloadText) as JsonValue,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        ...logHeaders,
        'X-Amz-Executed-Version': ['$LATEST'],
        'x-amzn-Remapped-Content-Length': ['0'],
        Connection: ['keep-alive'],
        'x-amzn-RequestId': [requestId],
        'Content-Length': [length],
        Date: [date],
        'X-Amzn-Trace-Id': [traceId],
        'Content-Type': ['application/json'],
      },
      HttpHeaders: {
        ...(logTail ? { 'X-Amz-Log-Result': logResult } : {}),
        Connection: 'keep-alive',
        'Content-Length': length,
        'Content-Type': 'application/json',
        Date: date,
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': requestId,
        'X-Amzn-Trace-Id': traceId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}
