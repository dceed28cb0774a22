// The Tasks that call Step Functions itself, performed by this Stepwise's service: the optimized
// `states:startExecution` integration (nested executions) and `aws-sdk:sfn:*`.

import type { TaskHandler } from '../runtime/tasks/executor.ts';
import { localSfnHandler } from './aws-sdk-sfn.ts';
import type { ServiceDeps } from './context.ts';
import { nestedExecutionHandler } from './nested-executions.ts';

/** `service()` gives the service's dependencies once they exist (the runtime is made before the service). */
export function stepFunctionsTaskHandlers(service: () => ServiceDeps): TaskHandler[] {
  return [nestedExecutionHandler(service), localSfnHandler(service)];
}
