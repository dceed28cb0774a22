// The Step Functions service: every operation's handler, assembled over one set of dependencies.

import { activityHandlers } from './activities.ts';
import { aliasHandlers } from './aliases.ts';
import { createApi, type Handlers, type StepFunctionsApi } from './api.ts';
import type { ServiceDeps } from './context.ts';
import { executionHandlers } from './executions.ts';
import { mapRunHandlers } from './map-runs.ts';
import { startHandlers } from './start-execution.ts';
import { stateMachineHandlers } from './state-machines.ts';
import { nodeServices } from '../runtime/services.ts';
import { taskCallbackHandlers } from './task-callbacks.ts';
import { engineTestState, testStateHandler, type TestStateFunction } from './test-state.ts';
import { tagHandlers, versionHandlers } from './versions.ts';

export interface ServiceOptions extends ServiceDeps {
  /** TestState; by default core's, refusing unmocked Tasks (the server passes one that performs them). */
  testState?: TestStateFunction;
}

export function createHandlers(options: ServiceOptions): Handlers {
  return {
    ...stateMachineHandlers(options),
    ...versionHandlers(options),
    ...tagHandlers(options),
    ...aliasHandlers(options),
    ...startHandlers(options),
    ...executionHandlers(options),
    ...mapRunHandlers(options),
    ...activityHandlers(options),
    ...taskCallbackHandlers(options),
    TestState: testStateHandler(options.testState ?? defaultTestState(options)),
  };
}

export function createStepFunctionsService(options: ServiceOptions): StepFunctionsApi {
  return createApi(createHandlers(options));
}

function defaultTestState(options: ServiceDeps): TestStateFunction {
  const { region, accountId } = options.arns.scope;
  return engineTestState({ region, accountId, now: options.now, services: nodeServices });
}
