// A Distributed Map's S3 calls (InvokeTask with `mapRun` set): the ItemReader's getObject (the object's text)
// and listObjectsV2 (every object listed, all pages), and the ResultWriter's putObject of the files the
// engine formatted, or of the files streamed from the run's children in the store (result-files.ts). As Task resources these ARNs are not integrations: Step Functions has no optimized S3 task.

import { isIntegration, parseResource, type JsonValue, type TaskInvocation } from '@stepwise/core';
import type { ExecuteOptions, TaskHandler, TaskOutcome } from '../executor.ts';
import { notConfiguredCause, type AwsConfig } from './aws-config.ts';
import { commandFor, SdkClients, type ServiceClient } from './sdk-clients.ts';
import { writeStoredResults, type StoredResultsRequest } from './result-files.ts';
import { inputObject } from './sdk-values.ts';

const actions = ['getObject', 'listObjectsV2', 'putObject'];

/** The S3 action of a Distributed Map's resource (`arn:aws:states:::s3:getObject`, ...), if it is one. */
function mapRunAction(resource: string): string | undefined {
  const parsed = parseResource(resource);
  if (parsed.kind !== 'integration' || parsed.suffix !== '') return undefined;
  return actions.find((action) => isIntegration(parsed, 's3', action));
}

export function mapRunS3Handler(config: AwsConfig | undefined, clients?: SdkClients): TaskHandler {
  const sdk = config === undefined ? undefined : (clients ?? new SdkClients(config));
  return {
    handles: (resource) => mapRunAction(resource) !== undefined,
    execute: async (invocation, options) => {
      const action = mapRunAction(invocation.resource) ?? '';
      if (invocation.mapRun === undefined) {
        return {
          error: 'States.Runtime',
          cause: `Stepwise does not perform ${invocation.resource} as a Task: it is a Distributed Map's ItemReader or ResultWriter resource (use arn:aws:states:::aws-sdk:s3:${action})`,
        };
      }
      if (sdk === undefined) return { error: 'States.TaskFailed', cause: notConfiguredCause(invocation.resource) };
      const s3 = await sdk.client('s3');
      try {
        return await perform(s3, action, invocation, options);
      } catch (error) {
        if (options.signal?.aborted === true) throw error;
        const { name, message } = error as { name?: string; message?: string };
        return { error: name ?? 'Error', cause: `${action}: ${message ?? String(error)}` };
      }
    },
  };
}

async function perform(
  s3: ServiceClient,
  action: string,
  invocation: TaskInvocation,
  options: ExecuteOptions,
): Promise<TaskOutcome> {
  const input = inputObject(invocation.input);
  const send = (name: string, request: Record<string, unknown>): Promise<unknown> => {
    const Command = commandFor(s3, name);
    if (Command === undefined) throw new Error(`no S3 command ${name}`);
    return s3.client.send(new Command(request), { abortSignal: options.signal });
  };
  if (action === 'getObject') {
    const response = (await send('getObject', input)) as { Body?: { transformToString(): Promise<string> } };
    const text = (await response.Body?.transformToString()) ?? '';
    return { output: JSON.stringify(text) };
  }
  if (action === 'listObjectsV2') return { output: JSON.stringify(await listAll(send, input)) };
  const stored = storedResultsRequest(input);
  if (stored !== undefined) {
    if (options.mapRunItems === undefined) return { error: 'States.Runtime', cause: 'this store keeps no map runs' };
    await writeStoredResults(send, stored, options.mapRunItems);
    return { output: '{}' };
  }
  const objects = Array.isArray(input.Objects) ? input.Objects : [];
  for (const object of objects) {
    const { Key, Body } = inputObject(object);
    await send('putObject', { Bucket: input.Bucket, Key, Body, ContentType: 'application/json' });
  }
  return { output: '{}' };
}

/** The engine's request to write the results from the store (it names the run in `FromMapRun`). */
function storedResultsRequest(input: Record<string, JsonValue>): StoredResultsRequest | undefined {
  const text = (field: string) => (typeof input[field] === 'string' ? input[field] : '');
  if (typeof input.FromMapRun !== 'string') return undefined;
  return {
    bucket: text('Bucket'),
    base: text('Base'),
    mapRunArn: input.FromMapRun,
    stateMachineArn: text('StateMachineArn'),
    transformation: text('Transformation'),
    outputType: input.OutputType === 'JSONL' ? 'JSONL' : 'JSON',
  };
}

interface ListedObject {
  Key?: string;
  ETag?: string;
  LastModified?: Date;
  Size?: number;
  StorageClass?: string;
}

/** Every object under the request's prefix, each as Step Functions hands it to an iteration. */
async function listAll(
  send: (name: string, request: Record<string, unknown>) => Promise<unknown>,
  request: Record<string, JsonValue>,
): Promise<JsonValue[]> {
  const items: JsonValue[] = [];
  let token: string | undefined;
  do {
    const page = (await send('listObjectsV2', { ...request, ContinuationToken: token })) as {
      Contents?: ListedObject[];
      NextContinuationToken?: string;
    };
    for (const object of page.Contents ?? []) {
      items.push({
        Etag: object.ETag ?? '',
        Key: object.Key ?? '',
        LastModified: object.LastModified?.toISOString() ?? '',
        Size: object.Size ?? 0,
        StorageClass: object.StorageClass ?? 'STANDARD',
      });
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return items;
}
