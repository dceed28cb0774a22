// `arn:aws:states:::sagemaker:ACTION[.sync]`: createTrainingJob and createTransformJob poll
// DescribeTrainingJob/DescribeTransformJob until Completed (the description is the output), Failed or
// Stopped (States.TaskFailed, the description as the cause), and a stopped task stops the job;
// createModel, createEndpointConfig, createEndpoint and the other requests are the call as the SDK makes it.

import type { JsonValue } from '@stepwise/core';
import { handleText, type JobAction } from './job-action.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';

/** A SageMaker job whose name is its handle, described by `describe` and stopped by `stop`. */
function namedJob(kind: 'Training' | 'Transform'): JobAction {
  const nameMember = `${kind}JobName`;
  const named = (handle: JsonValue): Record<string, unknown> => ({ [nameMember]: handleText(handle, nameMember) });
  return {
    // The create call answers with the job's ARN only; the name comes from the task's own parameters.
    handle: (input) => ({ [nameMember]: input[nameMember] ?? '' }),
    describe: { action: `describe${kind}Job`, input: named },
    status: (response) => {
      const status = response[`${kind}JobStatus`];
      if (typeof status !== 'string') return undefined;
      if (status === 'Completed') return { state: 'succeeded', description: response };
      const ended = status === 'Failed' || status === 'Stopped';
      return { state: ended ? 'failed' : 'running', description: response };
    },
    stop: { action: `stop${kind}Job`, input: named },
  };
}

export const sagemakerIntegration: OptimizedIntegration = {
  service: 'sagemaker',
  client: 'sagemaker',
  jobs: { createTrainingJob: namedJob('Training'), createTransformJob: namedJob('Transform') },
};
