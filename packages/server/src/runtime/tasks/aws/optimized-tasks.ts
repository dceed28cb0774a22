// Step Functions' optimized integrations performed with the AWS SDK: each integration's own part (client,
// input conveniences, result) is a file of optimized/ in its registry, its actions and patterns core's
// catalogue; here is what they share: the SDK call, AWS's output shape (the response with the SDK metadata
// members) and the Java SDK v1 error names. There is no optimized S3 task: S3 is reached through
// `aws-sdk:s3:*`.

import { parseResource, supportsPattern, type IntegrationResource, type TaskInvocation } from '@stepwise/core';
import type { ExecuteOptions, TaskHandler, TaskOutcome } from '../executor.ts';
import { notConfiguredCause, type AwsConfig } from './aws-config.ts';
import { commandFor, SdkClients, type ServiceClient } from './sdk-clients.ts';
import { optimizedFailure, v1Services } from './sdk-errors.ts';
import { withSdkMetadata } from './sdk-http-metadata.ts';
import { inputObject, toJson } from './sdk-values.ts';
import { withTraceHeader } from './trace-header.ts';
import type { OptimizedIntegration } from './optimized/optimized-integration.ts';
import { optimizedIntegrationRegistry } from './optimized/registry.ts';

/** The services this handler answers: the registry's, and s3 to say that there is no optimized S3 task. */
const services = new Set([...optimizedIntegrationRegistry.keys(), 's3']);

/** The integration `resource` names, when it is one of `services` as a request or a callback. */
function optimizedCall(resource: string): IntegrationResource | undefined {
  const parsed = parseResource(resource);
  if (parsed.kind !== 'integration' || parsed.sdk || !services.has(parsed.service)) return undefined;
  return parsed.pattern === 'request' || parsed.pattern === 'callback' ? parsed : undefined;
}

export function optimizedTaskHandler(config: AwsConfig | undefined, clients?: SdkClients): TaskHandler {
  const sdk = config === undefined ? undefined : (clients ?? new SdkClients(config));
  return {
    handles: (resource) => optimizedCall(resource) !== undefined,
    execute: async (invocation, options) => {
      const { service = '', action = '', pattern = 'request' } = optimizedCall(invocation.resource) ?? {};
      // The catalogue says which patterns each action takes (dynamodb has no callback, S3 no integration).
      const integration = optimizedIntegrationRegistry.get(service);
      if (integration === undefined || !supportsPattern(service, action, pattern)) {
        return {
          error: 'States.Runtime',
          cause: `Stepwise does not perform ${invocation.resource}: Step Functions has no such optimized integration (use arn:aws:states:::aws-sdk:${service}:${action})`,
        };
      }
      if (sdk === undefined) return { error: 'States.TaskFailed', cause: notConfiguredCause(invocation.resource) };
      const client = await sdk.client(integration.client ?? service);
      const result = await perform(client, integration, action, invocation, options);
      // A callback task records the call's response (TaskSubmitted), then waits for its token.
      return pattern === 'callback' && 'output' in result
        ? { waitingForCallback: true, output: result.output }
        : result;
    },
  };
}

async function perform(
  client: ServiceClient,
  integration: OptimizedIntegration,
  action: string,
  invocation: TaskInvocation,
  options: ExecuteOptions,
): Promise<TaskOutcome> {
  const service = integration.service;
  const Command = commandFor(client, action);
  const v1 = v1Services[service];
  if (Command === undefined || v1 === undefined) throw new Error(`no SDK command for ${service}:${action}`);
  let response: unknown;
  try {
    const input = integration.adaptInput?.(inputObject(invocation.input)) ?? inputObject(invocation.input);
    const command = withTraceHeader(new Command(input), options.trace);
    response = await client.client.send(command, { abortSignal: options.signal });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    return optimizedFailure(client, v1, error);
  }
  const output = inputObject(await toJson(response));
  if (integration.result !== undefined) return integration.result(output);
  return { output: JSON.stringify(withSdkMetadata(service, action, output, awsRequestId(service, response))) };
}

/** The request id AWS would have given: the server's own when it has AWS's form (a UUID, or DynamoDB's 52 characters). */
function awsRequestId(service: string, response: unknown): string | undefined {
  const id = (response as { $metadata?: { requestId?: string } }).$metadata?.requestId;
  if (id === undefined) return undefined;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  return uuid || (service === 'dynamodb' && /^[A-Z0-9]{52}$/.test(id)) ? id : undefined;
}
