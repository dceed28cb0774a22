// One read of a pipe's SQS queue: a batch received, filtered, turned into the target's input and started; the
// messages are deleted only once the execution's start has been committed (or, filtered out, at once). A batch
// whose start fails stays on the queue and comes back after its visibility timeout, as at AWS.

import { createHash } from 'node:crypto';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryLogEntry, PipeRecord, TriggerStore } from '../../store/trigger-store.ts';
import type { CompiledPattern } from '../events/event-pattern.ts';
import { pause } from '../events/pause.ts';
import { eventTime } from '../events/put-events.ts';
import { passesFilters, recordInput, sqsRecord, type SqsRecord } from './pipe-input.ts';

/** Starts a batch's execution under `name`; its ARN. Throws when the target refused it or (sync) it failed. */
export type PipeStart = (pipe: PipeRecord, name: string, input: string) => Promise<string>;

export interface PipePoll {
  client: SQSClient;
  queueUrl: string;
  pipe: PipeRecord;
  filters: readonly CompiledPattern[];
  start: PipeStart;
  triggers: TriggerStore;
  now: () => number;
  /** Long-poll wait of the first receive, in seconds. */
  waitSeconds: number;
  /** Aborts the receives (the pipe stopped); a batch being gathered stays on the queue. */
  signal?: AbortSignal;
}

interface SqsParameters {
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
}

function sqsParameters(pipe: PipeRecord): SqsParameters {
  const parameters = pipe.SourceParameters?.SqsQueueParameters as SqsParameters | undefined;
  return parameters ?? {};
}

function receive(poll: PipePoll, max: number, waitSeconds: number): Promise<Message[]> {
  const command = new ReceiveMessageCommand({
    QueueUrl: poll.queueUrl,
    MaxNumberOfMessages: Math.min(10, max),
    WaitTimeSeconds: waitSeconds,
    MessageSystemAttributeNames: ['All'],
    MessageAttributeNames: ['All'],
  });
  const options = poll.signal === undefined ? {} : { abortSignal: poll.signal };
  return poll.client.send(command, options).then((received) => received.Messages ?? []);
}

/**
 * A batch, as AWS gathers it: up to BatchSize messages (10 a receive). Without a batching window, what the queue
 * holds now; with MaximumBatchingWindowInSeconds, receives go on from the first message until the batch is full
 * or the window, counted from that first message, has passed.
 */
async function receiveBatch(poll: PipePoll): Promise<Message[]> {
  const { BatchSize: size = 10, MaximumBatchingWindowInSeconds: window = 0 } = sqsParameters(poll.pipe);
  const messages = await receive(poll, size, poll.waitSeconds);
  const deadline = performance.now() + window * 1000;
  while (messages.length > 0 && messages.length < size && poll.signal?.aborted !== true) {
    const left = deadline - performance.now();
    // Long polls of whole seconds (SQS's unit) while the window lasts; its last fraction is waited out here.
    const got = await receive(poll, size - messages.length, Math.max(0, Math.min(20, Math.floor(left / 1000))));
    messages.push(...got);
    if (got.length > 0) continue;
    if (left <= 0) break;
    await pause(Math.min(left, 100), poll.signal ?? new AbortController().signal);
  }
  return messages;
}

async function deleteRecords(poll: PipePoll, records: readonly SqsRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 10) {
    const entries = records.slice(i, i + 10).map((record, j) => ({
      Id: String(j),
      ReceiptHandle: record.receiptHandle,
    }));
    await poll.client.send(new DeleteMessageBatchCommand({ QueueUrl: poll.queueUrl, Entries: entries }));
  }
}

/** The execution's name: the same for the same messages, so a batch read again after a crash finds its start. */
export function batchName(pipe: PipeRecord, records: readonly SqsRecord[]): string {
  const hash = createHash('sha256').update(pipe.Arn);
  for (const id of records.map((r) => r.messageId).sort()) hash.update(`\n${id}`);
  return `pipe-${hash.digest('hex').slice(0, 40)}`;
}

/** The target's input: the records (or each filled template) as one JSON array. */
export function batchInput(pipe: PipeRecord, records: readonly SqsRecord[], ingestion: number): string {
  const template = pipe.TargetParameters?.InputTemplate as string | undefined;
  // The name from the ARN: another account's pipe is stored under a marked name (service/trigger-accounts.ts).
  const pipeName = pipe.Arn.slice(pipe.Arn.lastIndexOf('/') + 1);
  const context = { pipeArn: pipe.Arn, pipeName, sourceArn: pipe.Source, targetArn: pipe.Target };
  return JSON.stringify(records.map((record) => recordInput(template, record, context, eventTime(ingestion))));
}

/** Reads and handles one batch; how many messages it received. */
export async function pollPipe(poll: PipePoll): Promise<number> {
  const records = (await receiveBatch(poll)).map((m) => sqsRecord(m, poll.pipe.Source, regionOf(poll.pipe.Source)));
  if (records.length === 0) return 0;
  const kept = records.filter((record) => passesFilters(poll.filters, record));
  const filtered = records.filter((record) => !kept.includes(record));
  if (kept.length > 0) {
    const name = batchName(poll.pipe, kept);
    const entry = logEntry(poll, name, kept);
    try {
      const executionArn = await poll.start(poll.pipe, name, batchInput(poll.pipe, kept, poll.now()));
      await poll.triggers.logDelivery({ ...entry, outcome: 'STARTED', executionArn });
      filtered.push(...kept);
    } catch (error) {
      await poll.triggers.logDelivery({ ...entry, outcome: 'FAILED', error: describeError(error) });
    }
  }
  await deleteRecords(poll, filtered);
  return records.length;
}

function logEntry(poll: PipePoll, name: string, records: readonly SqsRecord[]): Omit<DeliveryLogEntry, 'outcome'> {
  const receives = records.map((r) => Number(r.attributes.ApproximateReceiveCount ?? '1'));
  return {
    deliveryId: name,
    source: `pipe/${poll.pipe.Name}`,
    targetId: poll.pipe.Target,
    eventId: records.map((r) => r.messageId).join(','),
    time: poll.now(),
    attempts: Math.max(1, ...receives),
  };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const type = (error as { type?: unknown }).type;
  return `${typeof type === 'string' ? type : error.name}: ${error.message}`;
}

export function regionOf(queueArn: string): string {
  return queueArn.split(':')[3] ?? '';
}
