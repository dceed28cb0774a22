// How AWS names a Task's resource in its events: `arn:aws:states:::lambda:invoke` is resourceType `lambda`,
// resource `invoke`; `arn:aws:states:::aws-sdk:s3:getObject` is `aws-sdk:s3` / `getObject`. Also how the
// Task is performed (its integration pattern).

import { parseResource, type TaskPattern } from '../asl/resource-arn.ts';

export interface ResourceDescription {
  resource: string;
  resourceType: string;
  region: string;
}

export function describeResource(resourceArn: string, stateMachineArn: string): ResourceDescription {
  const region = stateMachineArn.split(':')[3] ?? '';
  const parsed = parseResource(resourceArn);
  if (parsed.kind === 'integration') {
    const resource = `${parsed.action}${parsed.suffix}`;
    return { resourceType: parsed.sdk ? `aws-sdk:${parsed.service}` : parsed.service, resource, region };
  }
  return { ...otherDescription(resourceArn), region };
}

/** Another ARN (an activity's too) by its parts: a `states` ARN by what follows its account, any other by its service. */
function otherDescription(resourceArn: string): { resourceType: string; resource: string } {
  const parts = resourceArn.split(':');
  const service = parts[2];
  if (service === 'states' && parts.length >= 7) {
    const rest = parts.slice(5);
    return { resourceType: rest[0] ?? '', resource: rest.slice(1).join(':') };
  }
  return { resourceType: service ?? '', resource: resourceArn };
}

/** How AWS performs a Task with this resource: see TaskPattern. */
export function taskPattern(resourceArn: string): TaskPattern {
  return parseResource(resourceArn).pattern;
}
