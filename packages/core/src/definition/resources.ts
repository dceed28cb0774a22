// Task Resource checks: AWS's recognised optimised integrations, and what EXPRESS machines cannot call.

import { isKnownIntegration, optimizedIntegrations, supportsPattern } from '../asl/integrations.ts';
import { isIntegration, parseResource, type IntegrationResource, type TaskResource } from '../asl/resource-arn.ts';
import type { Node } from './context.ts';
import { childPointer } from './diagnostics.ts';

export function checkResource(node: Node): void {
  const resource = node.obj.Resource;
  if (typeof resource !== 'string') return;
  const at = childPointer(node.at, 'Resource');
  const parsed = parseResource(resource);
  if (!recognised(parsed)) {
    node.ctx.report.error(
      at,
      `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`,
    );
    return;
  }
  if (node.ctx.machineType === 'EXPRESS') checkExpress(node, parsed, at);
}

/** AWS answers a pattern an integration does not support (`dynamodb:getItem.sync`) as an unknown resource. */
function recognised(resource: TaskResource): boolean {
  if (resource.kind === 'other') return resource.isArn;
  if (resource.kind !== 'integration') return true;
  if (!knownSuffixVersion(resource)) return false;
  if (resource.sdk) return true;
  const { service, action, pattern } = resource;
  if (!isKnownIntegration(service, action)) return false;
  return !Object.hasOwn(optimizedIntegrations, service) || supportsPattern(service, action, pattern);
}

/**
 * Whether a versioned suffix is one AWS has: `.sync:2` (the nested execution's output as JSON) exists for
 * `states:startExecution` only, so `glue:startJobRun.sync:2` or `states:startExecution.sync:3`
 * is not recognised.
 */
function knownSuffixVersion(resource: IntegrationResource): boolean {
  if (!resource.suffix.includes(':')) return true;
  return isIntegration(resource, 'states', 'startExecution') && resource.suffix === '.sync:2';
}

function checkExpress(node: Node, resource: TaskResource, at: string): void {
  if (resource.kind === 'activity') {
    node.ctx.report.error(at, 'Express state machine does not support Activity ARN');
    return;
  }
  const suffix = resource.kind === 'integration' ? resource.suffix : '';
  if (suffix === '.waitForTaskToken' || suffix.startsWith('.sync')) {
    // AWS's message ends with a space before the location.
    node.ctx.report.error(
      at,
      `Express state machine does not support '${suffix.split(':')[0] ?? suffix}' service integration `,
    );
  }
}
