// How a server performs Tasks: Lambda tasks by the functions a load declares, then the local functions
// folder, then AWS Lambda when AWS is configured; HTTP and AWS service tasks by their handlers; a mock file's
// test case in front when StartExecution names one; and TestState's one unmocked Task.

import type { TaskInvocation, TaskResult } from '@stepwise/core';
import { MockConfigError } from '../runtime/mocks/index.ts';
import type { ServerMocks } from '../runtime/mocks/mocked-tasks.ts';
import { createTaskExecutor, type TaskExecutor } from '../runtime/tasks/executor.ts';
import { integrations, type IntegrationOptions } from '../runtime/tasks/integrations.ts';
import type { FunctionResolver } from '../runtime/tasks/lambda.ts';
import { ApiError } from './errors.ts';
import type { NewExecution } from './runtime-port.ts';

export interface ServerTaskOptions {
  region: string;
  accountId: string;
  /** Local Lambda functions: DIR/NAME.ts|.js|.mjs or executables. */
  functionsDir: string;
  /** AWS services and HTTP Task connections. */
  integrations: IntegrationOptions;
  /** The functions a load (`serve --load`) declares, asked first. */
  definedFunctions?: FunctionResolver;
}

export function serverTasks(options: ServerTaskOptions): TaskExecutor {
  const { handlers, remoteFunctions } = integrations(options.integrations);
  return createTaskExecutor({
    functionsDir: options.functionsDir,
    region: options.region,
    accountId: options.accountId,
    handlers,
    ...(remoteFunctions === undefined ? {} : { remoteFunctions }),
    ...(options.definedFunctions === undefined ? {} : { definedFunctions: options.definedFunctions }),
  });
}

/** TestState performs an unmocked Task once, without waiting for a callback. */
export function testStateTask(tasks: TaskExecutor): (invocation: TaskInvocation) => Promise<TaskResult> {
  return async (invocation) => {
    const outcome = await tasks.execute(invocation);
    return 'waitingForCallback' in outcome || 'handedOver' in outcome || 'jobStarted' in outcome
      ? { error: 'States.Runtime', cause: 'TestState does not wait for task token callbacks or jobs' }
      : outcome;
  };
}

/** `ARN#TestCaseName`: the execution's tasks come from that test case of the server's mock file. */
export function chooseTestCase(mocks: ServerMocks | undefined, execution: NewExecution): void {
  if (execution.testCase === undefined) return;
  if (mocks === undefined) {
    throw new ApiError(
      'InvalidArn',
      `Invalid Arn: '${execution.stateMachineArn}#${execution.testCase}': a '#TestCaseName' suffix needs a mock file (stepwise serve --mocks FILE)`,
    );
  }
  try {
    mocks.register(execution.arn, execution.stateMachineName, execution.testCase);
  } catch (error) {
    if (error instanceof MockConfigError) throw new ApiError('ValidationException', error.message);
    throw error;
  }
}
