// The Tasks that call Step Functions itself, performed by this Stepwise's service: the optimized
// `states:startExecution` integration (nested executions) and `aws-sdk:sfn:*`.

import type { TaskHandler } from '../runtime/tasks/executor.ts';
import { localSfnHandler } from './aws-sdk-sfn.ts';
import type { AccountService } from './accounts.ts';
import { nestedExecutionHandler } from './nested-executions.ts';

/**
 * `service(account)` gives an account's service once they exist (the runtime is made before the
 * service); each Task acts in the account of the execution that runs it.
 */
export function stepFunctionsTaskHandlers(service: (account: string | undefined) => AccountService): TaskHandler[] {
  return [nestedExecutionHandler(service), localSfnHandler(service)];
}
