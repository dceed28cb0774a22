// `arn:aws:states:::batch:submitJob[.sync]`: SubmitJob with the parameters in PascalCase, as Step Functions
// takes them; `.sync` polls DescribeJobs until the job SUCCEEDED or FAILED and returns the job as described,
// or fails with States.TaskFailed and that description as the cause. A stopped task terminates the job.

import type { JsonObject, JsonValue } from '@stepwise/core';
import { handleText, type JobAction } from './job-action.ts';
import { lowerFirst, renameMembers, upperFirst } from './key-case.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';

/** Members whose keys are the user's (job parameters, tags): left as written. */
const userMaps = new Set(['parameters', 'tags', 'labels', 'annotations']);

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
