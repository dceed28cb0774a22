// `arn:aws:states:::sagemaker:ACTION[.sync]`: the training, transform, processing, hyperparameter tuning and
// labeling jobs poll their Describe…Job call until Completed (the description is the output), Failed or Stopped
// (States.TaskFailed, the description as the cause), and a stopped task stops the job with its Stop…Job call;
// createModel, createEndpointConfig, createEndpoint and the other requests are the call as the SDK makes it.

import type { JsonValue } from '@stepwise/core';
import { handleText, type JobAction } from './job-action.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';

/** The kinds of SageMaker job: each is `<Kind>JobName`, `Describe<Kind>Job`, `<Kind>JobStatus`, `Stop<Kind>Job`. */
type JobKind = 'Training' | 'Transform' | 'Processing' | 'HyperParameterTuning' | 'Labeling';

/** A SageMaker job whose name is its handle, described by `describe` and stopped by `stop`. */
function namedJob(kind: JobKind): JobAction {
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
  jobs: {
    createTrainingJob: namedJob('Training'),
    createTransformJob: namedJob('Transform'),
    createProcessingJob: namedJob('Processing'),
    createHyperParameterTuningJob: namedJob('HyperParameterTuning'),
    createLabelingJob: namedJob('Labeling'),
  },
};
