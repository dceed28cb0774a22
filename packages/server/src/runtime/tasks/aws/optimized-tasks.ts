// Step Functions' optimized integrations performed with the AWS SDK: each integration's own part (client,
// input conveniences, result) is a file of optimized/ in its registry, its actions and patterns core's
// catalogue; here is what they share: the SDK call, AWS's output shape (the response with the SDK metadata
// members) and the Java SDK v1 error names. There is no optimized S3 task: S3 is reached through
// `aws-sdk:s3:*`.

import {
  parseResource,
  supportsPattern,
  type IntegrationResource,
  type JsonObject,
  type TaskInvocation,
} from '@stepwise/core';
import type { ExecuteOptions, TaskHandler, TaskOutcome } from '../executor.ts';
import { notConfiguredCause, type AwsConfig } from './aws-config.ts';
import { commandFor, SdkClients, type ServiceClient } from './sdk-clients.ts';
import { optimizedFailure, v1Services } from './sdk-errors.ts';
import { withSdkMetadata } from './sdk-http-metadata.ts';
import { inputObject, toJson } from './sdk-values.ts';
import { withTraceHeader } from './trace-header.ts';
import type { JobAction } from './optimized/job-action.ts';
import type { OptimizedIntegration } from './optimized/optimized-integration.ts';
import { optimizedIntegrationRegistry } from './optimized/registry.ts';

type TaskFailure = { error: string; cause?: string };

/** The services this handler answers: the registry's, and s3 to say that there is no optimized S3 task. */
const services = new Set([...optimizedIntegrationRegistry.keys(), 's3']);

/** The integration `resource` names, when it is one of `services` as a request or a callback. */
function optimizedCall(resource: string): IntegrationResource | undefined {
  const parsed = parseResource(resource);
  if (parsed.kind !== 'integration' || parsed.sdk || !services.has(parsed.service)) return undefined;
  if (parsed.pattern === 'sync') return jobAction(parsed) === undefined ? undefined : parsed;
  return parsed.pattern === 'request' || parsed.pattern === 'callback' ? parsed : undefined;
}

/** The job a `.sync` resource runs (`batch:submitJob.sync`), when its integration declares one. */
export function jobAction(resource: IntegrationResource): JobAction | undefined {
  const jobs = optimizedIntegrationRegistry.get(resource.service)?.jobs;
  return jobs !== undefined && Object.hasOwn(jobs, resource.action) ? jobs[resource.action] : undefined;
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
      const called = await callService(client, integration, action, invocation, options);
      if ('error' in called) return called;
      const result = called.result;
      const job = pattern === 'sync' ? jobAction({ service, action } as IntegrationResource) : undefined;
      if (job !== undefined && 'output' in result && result.output !== undefined) {
        const handle = job.handle(inputObject(invocation.input), called.response);
        return { jobStarted: { submitted: result.output, handle } };
      }
      // A callback task records the call's response (TaskSubmitted), then waits for its token.
      return pattern === 'callback' && 'output' in result
        ? { waitingForCallback: true, output: result.output }
        : result;
    },
  };
}

/** The call's response as the task sees it, and the task's result from it; or the call's failure. */
async function callService(
  client: ServiceClient,
  integration: OptimizedIntegration,
  action: string,
  invocation: TaskInvocation,
  options: ExecuteOptions,
): Promise<{ response: JsonObject; result: TaskOutcome } | TaskFailure> {
  const service = integration.service;
  const input = integration.adaptInput?.(inputObject(invocation.input)) ?? inputObject(invocation.input);
  const sent = await sendCommand(client, service, action, input, options);
  if ('error' in sent) return sent;
  const response = sent.raw;
  const output = integration.presents?.(inputObject(await toJson(response))) ?? inputObject(await toJson(response));
  if (integration.result !== undefined) return { response: output, result: integration.result(output) };
  const text = JSON.stringify(withSdkMetadata(service, action, output, awsRequestId(service, response)));
  return { response: output, result: { output: text } };
}

/** Sends `action` with `input` on the service's client: its raw response, or the failure as Step Functions names it. */
export async function sendCommand(
  client: ServiceClient,
  service: string,
  action: string,
  input: Record<string, unknown>,
  options: ExecuteOptions,
): Promise<{ raw: unknown } | TaskFailure> {
  const Command = commandFor(client, action);
  const v1 = v1Services[service];
  if (Command === undefined || v1 === undefined) throw new Error(`no SDK command for ${service}:${action}`);
  try {
    const command = withTraceHeader(new Command(input), options.trace);
    return { raw: await client.client.send(command, { abortSignal: options.signal }) };
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    return optimizedFailure(client, v1, error);
  }
}

/** The request id AWS would have given: the server's own when it has AWS's form (a UUID, or DynamoDB's 52 characters). */
function awsRequestId(service: string, response: unknown): string | undefined {
  const id = (response as { $metadata?: { requestId?: string } }).$metadata?.requestId;
  if (id === undefined) return undefined;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  return uuid || (service === 'dynamodb' && /^[A-Z0-9]{52}$/.test(id)) ? id : undefined;
}
