// `arn:aws:states:::ecs:runTask[.sync|.waitForTaskToken]`: RunTask with the parameters in PascalCase, as Step
// Functions takes them; `.sync` polls DescribeTasks until the task is STOPPED and returns the task as described
// (members capitalised), failing with States.TaskFailed and that description as the cause when it did not end
// by itself with every container's exit code 0. A stopped Step Functions task stops the ECS task (StopTask).

import type { JsonObject, JsonValue } from '@stepwise/core';
import { handleText, type JobAction } from './job-action.ts';
import { lowerFirst, renameMembers, upperFirst } from './key-case.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';

/** Members whose keys are the user's: none in ECS's task shapes (tags and environments are lists). */
const userMaps = new Set<string>(['dockerLabels', 'options']);

const runTask: JobAction = {
  handle: (input, response) => {
    const tasks = Array.isArray(response.Tasks) ? response.Tasks : [];
    const task = tasks[0];
    const arn = typeof task === 'object' && task !== null && !Array.isArray(task) ? task.TaskArn : undefined;
    return { Cluster: input.Cluster ?? 'default', TaskArn: arn ?? '' };
  },
  describe: {
    action: 'describeTasks',
    input: (handle) => ({ cluster: handleText(handle, 'Cluster'), tasks: [handleText(handle, 'TaskArn')] }),
  },
  status: (response) => {
    const tasks = Array.isArray(response.Tasks) ? response.Tasks : [];
    const task = tasks[0];
    if (typeof task !== 'object' || task === null || Array.isArray(task)) return undefined;
    if (task.LastStatus !== 'STOPPED') return { state: 'running', description: task };
    return { state: exitedCleanly(task) ? 'succeeded' : 'failed', description: task };
  },
  stop: {
    action: 'stopTask',
    input: (handle) => ({
      cluster: handleText(handle, 'Cluster'),
      task: handleText(handle, 'TaskArn'),
      reason: 'Task stopped by Step Functions',
    }),
  },
};

/**
 * Whether a stopped task ran to its end: stopped because its essential container exited (not by StopTask or a
 * failed start) with every container's exit code 0.
 */
function exitedCleanly(task: JsonObject): boolean {
  if (task.StopCode !== undefined && task.StopCode !== 'EssentialContainerExited') return false;
  const containers = Array.isArray(task.Containers) ? task.Containers : [];
  if (containers.length === 0) return false;
  return containers.every((container) => {
    const fields = typeof container === 'object' && container !== null && !Array.isArray(container) ? container : {};
    return fields.ExitCode === 0;
  });
}

export const ecsIntegration: OptimizedIntegration = {
  service: 'ecs',
  adaptInput: (input) => renameMembers(input, lowerFirst, userMaps) as Record<string, JsonValue>,
  presents: (output) => renameMembers(output, upperFirst, userMaps) as JsonObject,
  jobs: { runTask },
};
