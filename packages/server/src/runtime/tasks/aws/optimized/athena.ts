// `arn:aws:states:::athena:startQueryExecution[.sync]` and Athena's other requests: `.sync` polls
// GetQueryExecution until the query SUCCEEDED (its response is the output) or FAILED or was CANCELLED
// (States.TaskFailed, the response as the cause); a stopped task cancels the query with StopQueryExecution.

import { handleText, objectMember, type JobAction } from './job-action.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';

const startQueryExecution: JobAction = {
  handle: (_input, response) => ({ QueryExecutionId: response.QueryExecutionId ?? '' }),
  describe: {
    action: 'getQueryExecution',
    input: (handle) => ({ QueryExecutionId: handleText(handle, 'QueryExecutionId') }),
  },
  status: (response) => {
    const state = objectMember(objectMember(response, 'QueryExecution') ?? {}, 'Status')?.State;
    if (typeof state !== 'string') return undefined;
    if (state === 'SUCCEEDED') return { state: 'succeeded', description: response };
    const ended = state === 'FAILED' || state === 'CANCELLED';
    return { state: ended ? 'failed' : 'running', description: response };
  },
  stop: {
    action: 'stopQueryExecution',
    input: (handle) => ({ QueryExecutionId: handleText(handle, 'QueryExecutionId') }),
  },
};

export const athenaIntegration: OptimizedIntegration = {
  service: 'athena',
  jobs: { startQueryExecution },
};
