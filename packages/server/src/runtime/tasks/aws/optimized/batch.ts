// `arn:aws:states:::batch:submitJob[.sync]`: SubmitJob with the parameters in PascalCase, as Step Functions
// takes them; `.sync` polls DescribeJobs until the job SUCCEEDED or FAILED and returns the job as described,
// or fails with States.TaskFailed and that description as the cause. A stopped task terminates the job.

import type { JsonObject, JsonValue } from '@stepwise/core';
import { handleText, type JobAction } from './job-action.ts';
import { lowerFirst, renameMembers, upperFirst } from './key-case.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';

/**
 * Members whose keys are the user's or the service's data, not Batch's members, left as written: job parameters,
 * tags, a log driver's options, EKS labels, annotations and resource limits/requests (`cpu`, `nvidia.com/gpu`),
 * an array job's status counts and Docker labels.
 */
const userMaps = new Set([
  'parameters',
  'tags',
  'labels',
  'annotations',
  'options',
  'limits',
  'requests',
  'statusSummary',
  'dockerLabels',
]);

const submitJob: JobAction = {
  handle: (_input, response) => ({ JobId: typeof response.JobId === 'string' ? response.JobId : '' }),
  describe: { action: 'describeJobs', input: (handle) => ({ jobs: [handleText(handle, 'JobId')] }) },
  status: (response) => {
    const jobs = Array.isArray(response.Jobs) ? response.Jobs : [];
    const job = jobs[0];
    if (typeof job !== 'object' || job === null || Array.isArray(job)) return undefined;
    if (job.Status === 'SUCCEEDED') return { state: 'succeeded', description: job };
    return { state: job.Status === 'FAILED' ? 'failed' : 'running', description: job };
  },
  stop: {
    action: 'terminateJob',
    input: (handle) => ({ jobId: handleText(handle, 'JobId'), reason: 'Terminated by Step Functions' }),
  },
};

export const batchIntegration: OptimizedIntegration = {
  service: 'batch',
  adaptInput: (input) => renameMembers(input, lowerFirst, userMaps) as Record<string, JsonValue>,
  presents: (output) => renameMembers(output, upperFirst, userMaps) as JsonObject,
  jobs: { submitJob },
};
