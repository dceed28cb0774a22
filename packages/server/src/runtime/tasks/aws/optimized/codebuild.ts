// `arn:aws:states:::codebuild:startBuild[.sync]` and CodeBuild's other requests, with the parameters and
// responses in PascalCase as Step Functions has them: `.sync` polls BatchGetBuilds until the build ends and
// returns `{"Build": ...}` (SUCCEEDED), or fails with States.TaskFailed and that as the cause (FAILED, FAULT,
// TIMED_OUT, STOPPED); a stopped task stops the build with StopBuild.

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

export const codebuildIntegration: OptimizedIntegration = {
  service: 'codebuild',
  adaptInput: (input) => renameMembers(input, lowerFirst, userMaps) as Record<string, JsonValue>,
  presents: (output) => renameMembers(output, upperFirst, userMaps) as JsonObject,
  jobs: { startBuild },
};
