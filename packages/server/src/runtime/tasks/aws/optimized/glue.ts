// `arn:aws:states:::glue:startJobRun[.sync]`: StartJobRun; `.sync` polls GetJobRun until the run ends and
// returns its JobRun, or fails with States.TaskFailed and the JobRun as the cause (FAILED, STOPPED, TIMEOUT,
// ERROR, EXPIRED). A stopped task stops the run with BatchStopJobRun.

import { handleText, objectMember, type JobAction } from './job-action.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';

const runningStates = new Set(['STARTING', 'RUNNING', 'STOPPING', 'WAITING']);

const startJobRun: JobAction = {
  handle: (input, response) => ({ JobName: input.JobName ?? '', JobRunId: response.JobRunId ?? '' }),
  describe: {
    action: 'getJobRun',
    input: (handle) => ({ JobName: handleText(handle, 'JobName'), RunId: handleText(handle, 'JobRunId') }),
  },
  status: (response) => {
    const run = objectMember(response, 'JobRun');
    if (run === undefined) return undefined;
    const state = typeof run.JobRunState === 'string' ? run.JobRunState : '';
    if (state === 'SUCCEEDED') return { state: 'succeeded', description: run };
    return { state: runningStates.has(state) ? 'running' : 'failed', description: run };
  },
  stop: {
    action: 'batchStopJobRun',
    input: (handle) => ({ JobName: handleText(handle, 'JobName'), JobRunIds: [handleText(handle, 'JobRunId')] }),
  },
};

export const glueIntegration: OptimizedIntegration = {
  service: 'glue',
  jobs: { startJobRun },
};
