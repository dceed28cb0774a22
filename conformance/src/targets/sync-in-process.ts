// Runs a `sync_execution` case in process: StartSyncExecution on the Step Functions service over the store the
// target lends, its Express runtime on a manual clock moved while the call is in flight (as the http target
// moves its server's), so the memory target answers these cases without a server.

import { ApiError, ManualClock, runInVirtualTime, type Store } from 'stepwise';
import type { ConformanceCase } from '../case.ts';
import { caseStartTime, caseStepwise } from '../case-tasks.ts';
import type { HarnessValues, TargetResult } from '../target.ts';

/** Later timers leave the call unanswered, as a recording that never ended would. */
const horizonMillis = 2 * 365 * 24 * 3600 * 1000;

export async function runSyncCaseInProcess(
  c: ConformanceCase,
  store: Store,
  definition: string,
  harness: HarnessValues & { roleArn: string; stateMachineName: string },
): Promise<TargetResult> {
  const clock = new ManualClock(caseStartTime());
  const stepwise = caseStepwise(c, store, clock);
  const context = { requestId: 'conformance' };
  const respond = (response: unknown): TargetResult => ({ kind: 'response', response, harness });
  try {
    const created = (await stepwise.api.call(
      'CreateStateMachine',
      { name: harness.stateMachineName, definition, roleArn: harness.roleArn, type: 'EXPRESS' },
      context,
    )) as { stateMachineArn: string };
    const input = c.input_text ?? JSON.stringify(c.input ?? {});
    const progress = { answered: false };
    const call = stepwise.api
      .call('StartSyncExecution', { stateMachineArn: created.stateMachineArn, input }, context)
      .finally(() => (progress.answered = true));
    const horizon = clock.now() + horizonMillis;
    while (!progress.answered) {
      await runInVirtualTime(stepwise.runtime.express, clock, { until: () => progress.answered, horizon });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return respond(await call);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return respond({ Error: { Code: error.type, Message: error.message }, message: error.message });
  } finally {
    await stepwise.close();
  }
}
