// Mocks on a server, as Step Functions Local does: a StartExecution ARN ending in `#TestCaseName` picks a test
// case of the mock configuration for that execution; its tasks are answered by the test case's mocked
// responses, and the states it does not mock run for real. The choice lives in memory (a test aid): after
// a restart, an execution's tasks run for real.

import type { TaskPerformer } from '../task-runner.ts';
import type { MockConfig } from './mock-config.ts';
import { MockedExecution } from './mock-resolver.ts';

export class ServerMocks {
  private readonly executions = new Map<string, MockedExecution>();

  constructor(readonly config: MockConfig) {}

  /** Chooses the test case for an execution; throws MockConfigError naming what is defined when it is unknown. */
  register(executionArn: string, stateMachineName: string, testCase: string): void {
    this.executions.set(executionArn, new MockedExecution(this.config, stateMachineName, testCase));
  }

  forget(executionArn: string): void {
    this.executions.delete(executionArn);
  }

  /** Answers the tasks of registered executions from their test case, and passes the others on. */
  performer(inner: TaskPerformer): TaskPerformer {
    return {
      execute: async (invocation, options = {}) => {
        const mocked = options.executionArn === undefined ? undefined : this.executions.get(options.executionArn);
        return mocked?.next(invocation.stateName) ?? inner.execute(invocation, options);
      },
    };
  }
}
