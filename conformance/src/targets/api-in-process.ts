// Runs an `api_calls` case in process: the Step Functions service over the store the target lends (SQLite
// in memory for the memory target, a file for sqlite, PostgreSQL for postgres), its runtime on a manual clock.

import { ApiError, createStepwise, ManualClock, runInVirtualTime, type OperationName, type Store } from 'stepwise';
import { plainAnswer, runApiCalls, type ApiAnswer, type ApiDriver } from '../api-calls.ts';
import type { ConformanceCase } from '../case.ts';
import { caseAccount, caseRegion, caseStartTime, caseTaskOutcomes, caseTasks } from '../case-tasks.ts';
import type { TargetResult } from '../target.ts';

export async function runApiCaseInProcess(c: ConformanceCase, store: Store): Promise<TargetResult> {
  const clock = new ManualClock(caseStartTime());
  // GetActivityTask answers at once (no long poll): a case takes its tasks as a worker would.
  const stepwise = createStepwise({
    store,
    clock,
    tasks: { execute: caseTaskOutcomes(c) },
    region: caseRegion,
    accountId: caseAccount,
    runtime: { activityPollMillis: 0 },
    invokeTask: caseTasks(c),
  });
  const driver: ApiDriver = {
    call: async (operation, request): Promise<ApiAnswer> => {
      try {
        const context = { requestId: 'conformance' };
        return { response: plainAnswer(await stepwise.api.call(operation as OperationName, request, context)) };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return { error: { code: error.type, message: error.message } };
      }
    },
    advance: (seconds) => runInVirtualTime(stepwise.runtime.standard, clock, { horizon: clock.now() + seconds * 1000 }),
  };
  try {
    return await runApiCalls(c.api_calls ?? [], driver);
  } finally {
    await stepwise.close();
  }
}
