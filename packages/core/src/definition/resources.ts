// Task Resource checks: AWS's recognised optimised integrations, and what EXPRESS machines cannot call.

import type { Node } from './context.ts';
import { childPointer } from './diagnostics.ts';

/**
 * Optimised integrations (`arn:<partition>:states:::<service>:<action>`) by service. A service absent
 * here is accepted as is: rejecting it would risk false positives.
 */
const OPTIMISED: Readonly<Record<string, readonly string[]>> = {
  lambda: ['invoke'],
  dynamodb: ['getItem', 'putItem', 'updateItem', 'deleteItem'],
  sns: ['publish'],
  sqs: ['sendMessage'],
  states: ['startExecution'],
  events: ['putEvents'],
  ecs: ['runTask'],
  batch: ['submitJob'],
  glue: ['startJobRun'],
  apigateway: ['invoke'],
  http: ['invoke'],
};

const ACTIVITY = /^arn:[\w-]+:states:[\w-]+:\d{12}:activity:.+$/;
const SERVICE = /^arn:[\w-]+:states:::([\w-]+):([^.]+)(\.\w+(?::\d+)?)?$/;

export function checkResource(node: Node): void {
  const resource = node.obj.Resource;
  if (typeof resource !== 'string') return;
  const at = childPointer(node.at, 'Resource');
  if (!recognised(resource)) {
    node.ctx.report.error(
      at,
      `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`,
    );
    return;
  }
  if (node.ctx.machineType === 'EXPRESS') checkExpress(node, resource, at);
}

function recognised(resource: string): boolean {
  if (!resource.startsWith('arn:')) return false;
  const service = SERVICE.exec(resource);
  if (service === null) return true;
  const [, name = '', action = ''] = service;
  if (name === 'aws-sdk') return true;
  const actions = OPTIMISED[name];
  return actions === undefined || actions.includes(action);
}

function checkExpress(node: Node, resource: string, at: string): void {
  if (ACTIVITY.test(resource)) {
    node.ctx.report.error(at, 'Express state machine does not support Activity ARN');
    return;
  }
  const suffix = SERVICE.exec(resource)?.[3];
  if (suffix === '.waitForTaskToken' || suffix?.startsWith('.sync') === true) {
    // AWS's message ends with a space before the location.
    node.ctx.report.error(
      at,
      `Express state machine does not support '${suffix.split(':')[0] ?? suffix}' service integration `,
    );
  }
}
