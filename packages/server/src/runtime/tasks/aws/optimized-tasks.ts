// Step Functions' optimized integrations: `sqs:sendMessage`, `sns:publish`, `events:putEvents` (each also
// `.waitForTaskToken`) and `dynamodb:getItem|putItem|updateItem|deleteItem`, with their input conveniences
// (a JSON message or event detail is sent as its JSON text), AWS's output shapes (the response with the
// SDK metadata members; putEvents as it is) and the Java SDK v1 error names. There is no optimized S3 task:
// S3 is reached through `aws-sdk:s3:*`.

import {
  parseResource,
  supportsPattern,
  type IntegrationResource,
  type JsonValue,
  type TaskInvocation,
} from '@stepwise/core';
import type { ExecuteOptions, TaskHandler, TaskOutcome } from '../executor.ts';
import { notConfiguredCause, type AwsConfig } from './aws-config.ts';
import { commandFor, SdkClients, type ServiceClient } from './sdk-clients.ts';
import { optimizedFailure, v1Services } from './sdk-errors.ts';
import { withSdkMetadata } from './sdk-http-metadata.ts';
import { asText, inputObject, toJson } from './sdk-values.ts';

/** The services this handler performs (s3 only to say that there is no optimized S3 task). */
const services = new Set(['sqs', 'sns', 'events', 'dynamodb', 's3']);

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
      if (!supportsPattern(service, action, pattern)) {
        return {
          error: 'States.Runtime',
          cause: `Stepwise does not perform ${invocation.resource}: Step Functions has no such optimized integration (use arn:aws:states:::aws-sdk:${service}:${action})`,
        };
      }
      if (sdk === undefined) return { error: 'States.TaskFailed', cause: notConfiguredCause(invocation.resource) };
      // The optimized `events` integration is EventBridge's client.
      const client = await sdk.client(service === 'events' ? 'eventbridge' : service);
      const result = await perform(client, service, action, invocation, options);
      // A callback task records the call's response (TaskSubmitted), then waits for its token.
      return pattern === 'callback' && 'output' in result
        ? { waitingForCallback: true, output: result.output }
        : result;
    },
  };
}

async function perform(
  client: ServiceClient,
  service: string,
  action: string,
  invocation: TaskInvocation,
  options: ExecuteOptions,
): Promise<TaskOutcome> {
  const Command = commandFor(client, action);
  const v1 = v1Services[service];
  if (Command === undefined || v1 === undefined) throw new Error(`no SDK command for ${service}:${action}`);
  let response: unknown;
  try {
    response = await client.client.send(new Command(adaptInput(service, inputObject(invocation.input))), {
      abortSignal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    return optimizedFailure(client, v1, error);
  }
  const output = inputObject(await toJson(response));
  if (service === 'events') return putEventsResult(output);
  return { output: JSON.stringify(withSdkMetadata(service, action, output, awsRequestId(service, response))) };
}

/** Message bodies and event details may be given as JSON; the service receives their text. */
function adaptInput(service: string, input: Record<string, JsonValue>): Record<string, JsonValue> {
  if (service === 'sqs' && input.MessageBody !== undefined && input.MessageBody !== null) {
    return { ...input, MessageBody: asText(input.MessageBody) ?? null };
  }
  if (service === 'sns' && input.Message !== undefined && input.Message !== null) {
    return { ...input, Message: asText(input.Message) ?? null };
  }
  if (service === 'events' && Array.isArray(input.Entries)) {
    const entries = input.Entries.map((entry) => {
      const fields = inputObject(entry);
      return fields.Detail === undefined ? fields : { ...fields, Detail: asText(fields.Detail) ?? null };
    });
    return { ...input, Entries: entries };
  }
  return input;
}

/** putEvents answers 200 even when entries failed; Step Functions fails the task with the response as cause. */
function putEventsResult(output: Record<string, JsonValue>): TaskOutcome {
  const failed = typeof output.FailedEntryCount === 'number' ? output.FailedEntryCount : 0;
  const text = JSON.stringify({ Entries: output.Entries ?? [], FailedEntryCount: failed });
  return failed > 0 ? { error: 'EventBridge.FailedEntry', cause: text } : { output: text };
}

/** The request id AWS would have given: the server's own when it has AWS's form (a UUID, or DynamoDB's 52 characters). */
function awsRequestId(service: string, response: unknown): string | undefined {
  const id = (response as { $metadata?: { requestId?: string } }).$metadata?.requestId;
  if (id === undefined) return undefined;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  return uuid || (service === 'dynamodb' && /^[A-Z0-9]{52}$/.test(id)) ? id : undefined;
}
