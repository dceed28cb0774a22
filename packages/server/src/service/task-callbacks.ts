// SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: the runtime finds the task by its token and
// refuses as AWS does (InvalidToken, then InvalidOutput, TaskDoesNotExist, TaskTimedOut).

import type { Handler } from './api.ts';
import type { ServiceDeps } from './context.ts';
import { ApiError } from './errors.ts';
import type { TaskAnswer } from './runtime-port.ts';

export function taskCallbackHandlers(deps: ServiceDeps) {
  const { store, arns, runtime } = deps;

  // Another account's token reads as one that does not exist: nothing tells the caller whose it is.
  async function answerTask(token: string, answer: TaskAnswer): Promise<void> {
    const record = await store.getTaskToken(token);
    if (record !== undefined && !arns.isLocal(record.executionArn)) {
      throw new ApiError('InvalidToken', "Invalid Token: 'Invalid token'");
    }
    await runtime.answerTask(token, answer);
  }

  const success: Handler = async (request) => {
    const output = request.output as string;
    await answerTask(request.taskToken as string, { kind: 'success', output });
    return {};
  };

  const failure: Handler = async (request) => {
    const answer: { kind: 'failure'; error?: string; cause?: string } = { kind: 'failure' };
    if (typeof request.error === 'string') answer.error = request.error;
    if (typeof request.cause === 'string') answer.cause = request.cause;
    await answerTask(request.taskToken as string, answer);
    return {};
  };

  const heartbeat: Handler = async (request) => {
    await answerTask(request.taskToken as string, { kind: 'heartbeat' });
    return {};
  };

  return { SendTaskSuccess: success, SendTaskFailure: failure, SendTaskHeartbeat: heartbeat };
}
