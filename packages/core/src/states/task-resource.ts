// How AWS names a Task's resource in its events: `arn:aws:states:::lambda:invoke` is resourceType `lambda`,
// resource `invoke`; `arn:aws:states:::aws-sdk:s3:getObject` is `aws-sdk:s3` / `getObject`. Also how the
// Task is performed (its integration pattern).

import type { TaskPattern } from '../engine/types.ts';

export interface ResourceDescription {
  resource: string;
  resourceType: string;
  region: string;
}

export function describeResource(resourceArn: string, stateMachineArn: string): ResourceDescription {
  const region = stateMachineArn.split(':')[3] ?? '';
  const parts = resourceArn.split(':');
  const service = parts[2];
  if (service === 'states' && parts.length >= 7) {
    const rest = parts.slice(5);
    if (rest[0] === 'aws-sdk')
      return { resourceType: `aws-sdk:${rest[1] ?? ''}`, resource: rest.slice(2).join(':'), region };
    return { resourceType: rest[0] ?? '', resource: rest.slice(1).join(':'), region };
  }
  if (service === 'states' && parts[5] === 'activity') {
    return { resourceType: 'activity', resource: resourceArn, region };
  }
  return { resourceType: service ?? '', resource: resourceArn, region };
}

const activityArn = /^arn:[\w-]+:states:[\w-]+:\d{12}:activity:[^:]+$/;

/** How AWS performs a Task with this resource: see TaskPattern. */
export function taskPattern(resourceArn: string): TaskPattern {
  if (activityArn.test(resourceArn)) return 'activity';
  if (resourceArn.endsWith('.waitForTaskToken')) return 'callback';
  if (/\.sync(:\d+)?$/.test(resourceArn)) return 'sync';
  return 'request';
}
