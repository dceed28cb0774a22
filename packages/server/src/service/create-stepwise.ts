// The composition root: a store, a clock and a Task performer wired into the durable runtime and the Step
// Functions service, with the Tasks that call Step Functions itself bound to that same service, and what runs
// beside it (triggers, logs, retention) as its options ask. `serve` (through http/stepwise-server.ts), the
// conformance targets, the service tests and the benchmarks all assemble Stepwise here.

import { ExecutionRuntime } from '../runtime/execution-runtime.ts';
import { nodeServices } from '../runtime/services.ts';
import { accountServices, type AccountServices } from './accounts.ts';
import type { Stepwise, StepwiseOptions } from './stepwise-options.ts';
import { sideParts } from './stepwise-side-parts.ts';
import { accountOptions, checkedStarts, openExecutionLogs, runtimeOptions, stepwiseScope } from './stepwise-wiring.ts';

export type { Stepwise, StepwiseOptions } from './stepwise-options.ts';

export function createStepwise(options: StepwiseOptions): Stepwise {
  const scope = stepwiseScope(options, options.services ?? nodeServices);
  const executionLogs = openExecutionLogs(options, scope.now, scope.accountId);
  // A Task that calls Step Functions goes through its account's service, which needs the runtime: bound late.
  const bound: { accounts?: AccountServices } = {};
  const runtime = new ExecutionRuntime(runtimeOptions(options, scope, executionLogs, () => bound.accounts));
  const accounts = accountServices(accountOptions(options, checkedStarts(runtime, options.beforeStart), scope));
  bound.accounts = accounts;
  const side = sideParts(options, accounts.api, scope);
  return {
    ...{ api: accounts.api, deps: accounts.of(undefined).deps, accounts, runtime },
    ...(executionLogs === undefined ? {} : { executionLogs }),
    ...side.parts,
    start: () => {
      runtime.start();
      side.start();
    },
    close: async () => {
      await side.close();
      await runtime.close();
      await executionLogs?.flush();
    },
  };
}
