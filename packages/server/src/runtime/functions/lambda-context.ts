// The context object a handler receives, shaped as AWS Lambda's Node.js runtime shapes it.

import { xrayTraceHeader, type TraceContext } from '../tracing/trace-context.ts';

/** The context passed to `handler(event, context)`. */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  /** The X-Ray trace header of the calling task, when its execution is traced (also `_X_AMZN_TRACE_ID`). */
  xRayTraceId?: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

/** The serialisable part of the context: what the parent sends to a worker for one invocation. */
export type ContextFields = Omit<LambdaContext, 'getRemainingTimeInMillis' | 'callbackWaitsForEmptyEventLoop'>;

/** How a function is configured: Lambda's defaults are 3 s and 128 MB. */
export interface FunctionConfiguration {
  name: string;
  arn: string;
  timeoutMillis: number;
  memoryLimitInMB: number;
}

/** The context fields of one invocation; the log stream is named as Lambda names its streams. */
export function contextFields(
  config: FunctionConfiguration,
  requestId: string,
  now: Date,
  trace?: TraceContext,
): ContextFields {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  const fields: ContextFields = {
    functionName: config.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: config.arn,
    memoryLimitInMB: String(config.memoryLimitInMB),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${config.name}`,
    logStreamName: `${day}/[$LATEST]${requestId.replaceAll('-', '')}`,
  };
  if (trace !== undefined) fields.xRayTraceId = xrayTraceHeader(trace);
  return fields;
}

/** `_X_AMZN_TRACE_ID`, as Lambda sets it for each invocation of a traced call; nothing when untraced. */
export function traceEnvironment(trace: TraceContext | undefined): Record<string, string> {
  return trace === undefined ? {} : { _X_AMZN_TRACE_ID: xrayTraceHeader(trace) };
}

/** The environment Lambda sets for a function, for executables and worker processes. */
export function lambdaEnvironment(config: FunctionConfiguration, region: string): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: config.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memoryLimitInMB),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.name}`,
  };
}
