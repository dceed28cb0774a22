// `arn:aws:states:::aws-sdk:SERVICE:ACTION[.waitForTaskToken]`: any AWS API action, performed with the AWS SDK
// for JavaScript v3 client of SERVICE (loaded on first use), the PascalCase parameters as the command's input
// and the response, less its SDK metadata, as the output; errors named as Step Functions names them.

import {
  parseResource,
  type IntegrationResource,
  type JsonValue,
  type TaskInvocation,
  type TaskResult,
} from '@stepwise/core';
import type { ExecuteOptions, TaskHandler, TaskOutcome } from '../executor.ts';
import { notConfiguredCause, type AwsConfig } from './aws-config.ts';
import { commandFor, MissingClientError, SdkClients, type ServiceClient } from './sdk-clients.ts';
import { awsSdkFailure } from './sdk-errors.ts';
import { withTraceHeader } from './trace-header.ts';
import { inputObject, toJson } from './sdk-values.ts';

/** The aws-sdk call `resource` names, when it is one this handler performs (a request or a callback). */
function awsSdkCall(resource: string): IntegrationResource | undefined {
  const parsed = parseResource(resource);
  if (parsed.kind !== 'integration' || !parsed.sdk || parsed.action === '') return undefined;
  return parsed.pattern === 'request' || parsed.pattern === 'callback' ? parsed : undefined;
}

export function isAwsSdkResource(resource: string): boolean {
  return awsSdkCall(resource) !== undefined;
}

/** Handles every aws-sdk resource; without AWS configuration each fails saying what to configure. */
export function awsSdkTaskHandler(config: AwsConfig | undefined, clients?: SdkClients): TaskHandler {
  const sdk = config === undefined ? undefined : (clients ?? new SdkClients(config));
  return {
    handles: isAwsSdkResource,
    execute: async (invocation, options) => {
      if (sdk === undefined) return { error: 'States.TaskFailed', cause: notConfiguredCause(invocation.resource) };
      const { service = '', action = '', pattern } = awsSdkCall(invocation.resource) ?? {};
      const result = await callAction(sdk, service, action, invocation, options);
      // A callback task records the call's response (TaskSubmitted), then waits for its token.
      return pattern === 'callback' && 'output' in result
        ? { waitingForCallback: true, output: result.output }
        : result;
    },
  };
}

async function callAction(
  sdk: SdkClients,
  service: string,
  action: string,
  invocation: TaskInvocation,
  options: ExecuteOptions,
): Promise<TaskOutcome> {
  let client: ServiceClient;
  try {
    client = await sdk.client(service);
  } catch (error) {
    if (error instanceof MissingClientError) return { error: 'States.TaskFailed', cause: error.message };
    throw error;
  }
  const Command = commandFor(client, action);
  if (Command === undefined) {
    return {
      error: 'States.Runtime',
      cause: `The action '${action}' is not an API action of ${service} (${client.packageName} has no ${action.charAt(0).toUpperCase()}${action.slice(1)}Command)`,
    };
  }
  const input = adaptInput(service, action, inputObject(invocation.input));
  try {
    const command = withTraceHeader(new Command(input), options.trace);
    const response = await client.client.send(command, { abortSignal: options.signal });
    return { output: JSON.stringify(await toJson(response)) };
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    return awsSdkFailure(client, error) satisfies TaskResult;
  }
}

/** Step Functions writes an S3 object's Body as the JSON text of the value given, even a string. */
function adaptInput(service: string, action: string, input: Record<string, JsonValue>): Record<string, unknown> {
  if (service === 's3' && (action === 'putObject' || action === 'uploadPart') && input.Body !== undefined) {
    return { ...input, Body: JSON.stringify(input.Body) };
  }
  return input;
}
