// Runs an `api_calls` case in process: the Step Functions service (and the EventBridge, Scheduler and Pipes
// APIs over the same store) that the target lends (SQLite in memory for the memory target, a file for sqlite,
// PostgreSQL for postgres), its runtime on a manual clock.

import { ApiError, ManualClock, type OperationName, type Store, type Stepwise } from 'stepwise';
import { plainAnswer, runApiCalls, type ApiAnswer, type ApiDriver, type ApiService } from '../api-calls.ts';
import type { ConformanceCase } from '../case.ts';
import { withCaseEndpoint } from '../case-endpoint.ts';
import { startCaseAwsEndpoint } from '../case-aws-endpoint.ts';
import { caseLocalCode, given, localOptions } from '../case-local-code.ts';
import { caseServerOptions } from '../case-server.ts';
import { advanceCase, caseStartTime, caseStepwise } from '../case-tasks.ts';
import type { TargetResult } from '../target.ts';

export async function runApiCaseInProcess(c: ConformanceCase, store: Store): Promise<TargetResult> {
  if (c.server?.storeRefuses !== undefined)
    return { kind: 'skipped', reason: 'a storage fault is answered by the HTTP layer, which this target has not' };
  if (c.server?.auth !== undefined)
    return { kind: 'skipped', reason: 'signatures are checked by the HTTP layer, which this target has not' };
  const clock = new ManualClock(caseStartTime());
  const parts = caseServerOptions(c, store);
  const local = caseLocalCode(c);
  const aws = await startCaseAwsEndpoint(c);
  const stepwise = caseStepwise(c, store, clock, { ...parts.options, ...localOptions(c, parts.options, local, aws) });
  const driver: ApiDriver = {
    call: async (operation, request, service): Promise<ApiAnswer> => {
      try {
        return { response: plainAnswer(await callService(stepwise, service, operation, request)) };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return { error: { code: error.type, message: error.message } };
      }
    },
    advance: (seconds, exact) =>
      advanceCase(
        { runtime: stepwise.runtime.standard, clock, retention: stepwise.retention, logs: stepwise.executionLogs },
        seconds,
        exact,
      ),
  };
  if (local !== undefined) driver.load = local.reload;
  try {
    await local?.load(stepwise, store);
    return await withCaseEndpoint(c, (endpoint) => runApiCalls(c.api_calls ?? [], driver, given(endpoint, local)));
  } finally {
    await stepwise.close();
    local?.close();
    await aws?.close();
    await parts.release();
  }
}

function callService(
  stepwise: Stepwise,
  service: ApiService,
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
