// Parameters Step Functions adds to an integration's call before it records TaskScheduled: an ECS task run
// with `.sync` is started by "AWS Step Functions" (AWS's recording of `ecs:runTask.sync` shows `StartedBy` in
// the scheduled parameters and in the task described; a plain `runTask` has none).

import { isJsonObject, type JsonValue } from '../json/json-value.ts';
import { isIntegration, type TaskResource } from './resource-arn.ts';

export const ecsStartedBy = 'AWS Step Functions';

/** The call's parameters with what Step Functions adds; the parameters themselves when it adds nothing. */
export function withIntegrationParameters(resource: TaskResource, parameters: JsonValue): JsonValue {
  if (!isIntegration(resource, 'ecs', 'runTask') || resource.pattern !== 'sync') return parameters;
  // A StartedBy the definition gives is kept: no recording shows AWS overriding it.
  if (!isJsonObject(parameters) || parameters.StartedBy !== undefined) return parameters;
  return { ...parameters, StartedBy: ecsStartedBy };
}
