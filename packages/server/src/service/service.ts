// The Step Functions service: every operation's handler, assembled over one set of dependencies.

import { activityHandlers } from './activities.ts';
import { aliasHandlers } from './aliases.ts';
import { createApi, type Handlers, type StepFunctionsApi } from './api.ts';
import type { ServiceDeps } from './context.ts';
import { executionHandlers } from './executions.ts';
import { startHandlers } from './start-execution.ts';
import { stateMachineHandlers } from './state-machines.ts';
import { taskCallbackHandlers } from './task-callbacks.ts';
import { testStateHandler, type TestStateFunction } from './test-state.ts';
import { tagHandlers, versionHandlers } from './versions.ts';

export interface ServiceOptions extends ServiceDeps {
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
    ...activityHandlers(options),
    ...taskCallbackHandlers(options),
    TestState: testStateHandler(options.testState),
  };
}

export function createStepFunctionsService(options: ServiceOptions): StepFunctionsApi {
  return createApi(createHandlers(options));
}
