// `arn:aws:states:::codebuild:startBuild[.sync]`, `startBuildBatch[.sync]`, `retryBuildBatch[.sync]` and
// CodeBuild's other requests, with the parameters and responses in PascalCase as Step Functions has them: `.sync`
// polls BatchGetBuilds (BatchGetBuildBatches) until the build (batch) ends and returns `{"Build": ...}`
// (`{"BuildBatch": ...}`) when it SUCCEEDED, or fails with States.TaskFailed and that as the cause (FAILED,
// FAULT, TIMED_OUT, STOPPED); a stopped task stops it with StopBuild (StopBuildBatch).

import type { JsonObject, JsonValue } from '@stepwise/core';
import { handleText, objectMember, type JobAction } from './job-action.ts';
import { lowerFirst, renameMembers, upperFirst } from './key-case.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';

/** Members whose keys are the user's (tags are lists in CodeBuild; buildspec overrides are text). */
const userMaps = new Set<string>();

const startBuild: JobAction = {
  handle: (_input, response) => ({ Id: objectMember(response, 'Build')?.Id ?? '' }),
  describe: { action: 'batchGetBuilds', input: (handle) => ({ ids: [handleText(handle, 'Id')] }) },
  status: (response) => {
    const builds = Array.isArray(response.Builds) ? response.Builds : [];
    const build = builds[0];
    if (typeof build !== 'object' || build === null || Array.isArray(build)) return undefined;
    const description: JsonObject = { Build: build };
    if (build.BuildStatus === 'SUCCEEDED') return { state: 'succeeded', description };
    return { state: build.BuildStatus === 'IN_PROGRESS' ? 'running' : 'failed', description };
  },
  stop: { action: 'stopBuild', input: (handle) => ({ id: handleText(handle, 'Id') }) },
};

/**
 * A build batch (StartBuildBatch, RetryBuildBatch): BatchGetBuildBatches until it ends, `{"BuildBatch": ...}` as
 * the output or the cause, StopBuildBatch to stop it.
 */
const buildBatch: JobAction = {
  handle: (_input, response) => ({ Id: objectMember(response, 'BuildBatch')?.Id ?? '' }),
  describe: { action: 'batchGetBuildBatches', input: (handle) => ({ ids: [handleText(handle, 'Id')] }) },
  status: (response) => {
    const batches = Array.isArray(response.BuildBatches) ? response.BuildBatches : [];
    const batch = batches[0];
    if (typeof batch !== 'object' || batch === null || Array.isArray(batch)) return undefined;
    const description: JsonObject = { BuildBatch: batch };
    if (batch.BuildBatchStatus === 'SUCCEEDED') return { state: 'succeeded', description };
    return { state: batch.BuildBatchStatus === 'IN_PROGRESS' ? 'running' : 'failed', description };
  },
  stop: { action: 'stopBuildBatch', input: (handle) => ({ id: handleText(handle, 'Id') }) },
};

export const codebuildIntegration: OptimizedIntegration = {
  service: 'codebuild',
  adaptInput: (input) => renameMembers(input, lowerFirst, userMaps) as Record<string, JsonValue>,
  presents: (output) => renameMembers(output, upperFirst, userMaps) as JsonObject,
  jobs: { startBuild, startBuildBatch: buildBatch, retryBuildBatch: buildBatch },
};
