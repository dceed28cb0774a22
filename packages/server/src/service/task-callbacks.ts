// SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: the runtime finds the task by its token and
// refuses as AWS does (InvalidToken, then InvalidOutput, TaskDoesNotExist, TaskTimedOut).

import type { Handler } from './api.ts';
import type { ServiceDeps } from './context.ts';

export function taskCallbackHandlers(deps: ServiceDeps) {
  const { runtime } = deps;

  const success: Handler = async (request) => {
    const output = request.output as string;
    await runtime.answerTask(request.taskToken as string, { kind: 'success', output });
    return {};
  };

  const failure: Handler = async (request) => {
    const answer: { kind: 'failure'; error?: string; cause?: string } = { kind: 'failure' };
    if (typeof request.error === 'string') answer.error = request.error;
    if (typeof request.cause === 'string') answer.cause = request.cause;
    await runtime.answerTask(request.taskToken as string, answer);
    return {};
  };

  const heartbeat: Handler = async (request) => {
    await runtime.answerTask(request.taskToken as string, { kind: 'heartbeat' });
    return {};
  };

  return { SendTaskSuccess: success, SendTaskFailure: failure, SendTaskHeartbeat: heartbeat };
}
