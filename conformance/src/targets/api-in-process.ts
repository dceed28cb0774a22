// Runs an `api_calls` case in process: the Step Functions service (and the EventBridge, Scheduler and Pipes
// APIs over the same store) that the target lends (SQLite in memory for the memory target, a file for sqlite,
// PostgreSQL for postgres), its runtime on a manual clock. `HTTP` steps go to serve's router over the same
// Stepwise (case-http-server.ts); `sqs` steps to the harness's moto.

import { ApiError, ManualClock, type OperationName, type Store, type Stepwise } from 'stepwise';
import {
  callsAwsServices,
  plainAnswer,
  runApiCalls,
  type ApiAnswer,
  type ApiDriver,
  type ApiService,
} from '../api-calls.ts';
import { awsServicesActive, resetAwsServices } from '../aws-services.ts';
import type { ConformanceCase } from '../case.ts';
import { withCaseEndpoint } from '../case-endpoint.ts';
import { startCaseAwsEndpoint } from '../case-aws-endpoint.ts';
import { caseLocalCode, given, localOptions } from '../case-local-code.ts';
import { caseHttpCall, withCaseHttpServer } from '../case-http-server.ts';
import { caseServerOptions } from '../case-server.ts';
import { caseSideServices, type CaseSideServices } from '../case-side-services.ts';
import { caseSpans, startCaseOtlp, type CaseOtlp } from '../case-otlp.ts';
import { advanceCase, caseStartTime, caseStepwise } from '../case-tasks.ts';
import { motoSqsCall } from '../moto-calls.ts';
import type { TargetResult } from '../target.ts';

/**
 * Why a target cannot run an `api_calls` case (it calls the harness's moto, and the run has none), or undefined
 * when it can: moto's account is then emptied for it.
 */
export async function prepareApiCase(c: ConformanceCase): Promise<string | undefined> {
  const needsAws = callsAwsServices(c.api_calls ?? []) || c.server?.s3EventsQueue !== undefined;
  if (!needsAws) return undefined;
  if (!awsServicesActive()) return 'an SQS queue of the harness: run with an AWS-compatible server (--aws)';
  await resetAwsServices();
  return undefined;
}

export async function runApiCaseInProcess(c: ConformanceCase, store: Store): Promise<TargetResult> {
  if (c.server?.storeRefuses !== undefined)
    return { kind: 'skipped', reason: 'a storage fault is answered by the HTTP layer, which this target has not' };
  if (c.server?.auth !== undefined)
    return { kind: 'skipped', reason: 'signatures are checked by the HTTP layer, which this target has not' };
  const skip = await prepareApiCase(c);
  if (skip !== undefined) return { kind: 'skipped', reason: skip };
  const clock = new ManualClock(caseStartTime());
  const otlp = await startCaseOtlp(c, store);
  const parts = caseServerOptions(c, store, otlp?.tracer);
  const local = caseLocalCode(c);
  const aws = await startCaseAwsEndpoint(c);
  const stepwise = caseStepwise(c, store, clock, { ...parts.options, ...localOptions(c, parts.options, local, aws) });
  const side = caseSideServices(c, stepwise, store, clock);
  try {
    await local?.load(stepwise, store);
    return await withCaseHttpServer(c.api_calls ?? [], { stepwise, side }, (server) => {
      const driver = inProcessDriver({ stepwise, clock, side, otlp }, server?.url);
      if (local !== undefined) driver.load = local.reload;
      return withCaseEndpoint(c, (endpoint) => runApiCalls(c.api_calls ?? [], driver, given(endpoint, local)));
    });
  } finally {
    await stepwise.close();
    await otlp?.close();
    local?.close();
    await aws?.close();
    await parts.release();
  }
}

/** The case's steps performed in process; `url`: the case's server for its HTTP steps. */
function inProcessDriver(
  parts: { stepwise: Stepwise; clock: ManualClock; side: CaseSideServices; otlp: CaseOtlp | undefined },
  url: string | undefined,
): ApiDriver {
  const { stepwise, clock, side, otlp } = parts;
  return {
    call: (operation, request, service) => callInProcess(stepwise, service, operation, request),
    advance: (seconds, exact) =>
      advanceCase(
        {
          runtime: stepwise.runtime.standard,
          clock,
          retention: stepwise.retention,
          logs: stepwise.executionLogs,
          deliveries: side.deliveries,
        },
        seconds,
        exact,
      ),
    http: (request, signer) => caseHttpCall(url, request, { runtime: stepwise.runtime.express, clock }, signer),
    spans: () => caseSpans(otlp),
  };
}

async function callInProcess(
  stepwise: Stepwise,
  service: ApiService,
  operation: string,
  request: Record<string, unknown>,
): Promise<ApiAnswer> {
  if (service === 'sqs') return motoSqsCall(operation, request);
  try {
    return { response: plainAnswer(await callService(stepwise, service, operation, request)) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { error: { code: error.type, message: error.message } };
  }
}

function callService(
  stepwise: Stepwise,
  service: Exclude<ApiService, 'sqs'>,
  operation: string,
  request: Record<string, unknown>,
): Promise<unknown> {
  const context = { requestId: 'conformance' };
  if (service === 'states') return stepwise.api.call(operation as OperationName, request, context);
  if (service === 'logs') {
    if (stepwise.logsApi === undefined) throw new Error('the case server has no logs: give it server.executionLogs');
    return stepwise.logsApi.call(operation, request, context);
  }
  const apis = stepwise.triggerApis?.(undefined);
  if (apis === undefined) throw new Error('the case server has no trigger APIs');
  if (service === 'events') return apis.events.call(operation, request);
  const handlers = service === 'scheduler' ? apis.scheduler : apis.pipes;
  const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
  if (handler === undefined) throw new Error(`${service} has no operation ${operation}`);
  return handler(request);
}
