// The consumer of a `.waitForTaskToken` callback case, as the recording test ran it: it reads the task token
// from the case's queue on the AWS-compatible server and answers through the target's public door (the SDK
// on http, the runtime in process), on the target's virtual clock.

import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsClientConfig } from './aws-services.ts';
import type { ConformanceCase } from './case.ts';
import { callbackConsumer, type CallbackAnswer, type CallbackConsumer } from './fixtures.ts';

/** How the consumer reaches the engine: SendTaskHeartbeat, SendTaskSuccess, SendTaskFailure. */
export interface TaskAnswerPort {
  heartbeat(taskToken: string): Promise<void>;
  answer(taskToken: string, answer: CallbackAnswer): Promise<void>;
}

/** The virtual clock and the engine's next timer, so that the consumer answers at its own virtual time. */
export interface ConsumerClock {
  now(): number;
  set(time: number): void;
  nextWakeTime(): Promise<number | undefined>;
}

interface Received {
  token: string;
  text: string;
  message: Record<string, unknown>;
  dueAt: number;
}

/**
 * A step of the case's consumer, called between rounds of due work: true when it answered a task (work may be
 * due), false when nothing is ready. Undefined when the recording test ran no consumer.
 */
export function callbackWorker(
  c: ConformanceCase,
  queueUrl: string | undefined,
  port: TaskAnswerPort,
  clock: ConsumerClock,
): (() => Promise<boolean>) | undefined {
  const consumer = callbackConsumer(c);
  const config = awsClientConfig();
  if (consumer === undefined || queueUrl === undefined || config === undefined) return undefined;
  let pending: Received | undefined;
  return async () => {
    if (pending === undefined) {
      const sqs = new SQSClient(config);
      pending = await receive(sqs, queueUrl, consumer, clock.now()).finally(() => {
        sqs.destroy();
      });
    }
    if (pending === undefined) return false;
    // An engine timer due first (a heartbeat or task timeout) fires before the consumer's answer.
    const next = await clock.nextWakeTime();
    if (next !== undefined && next < pending.dueAt) return false;
    const { token, text, message, dueAt } = pending;
    pending = undefined;
    if (dueAt > clock.now()) clock.set(dueAt);
    for (let i = 0; i < consumer.heartbeats; i++) await port.heartbeat(token);
    await port.answer(token, consumer.answer(text, message));
    return true;
  };
}

/** Takes one message from the queue, and the published text and task token in it. */
async function receive(
  sqs: SQSClient,
  queueUrl: string,
  consumer: CallbackConsumer,
  now: number,
): Promise<Received | undefined> {
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1 }));
  const first = received.Messages?.[0];
  if (first?.Body === undefined) return undefined;
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first.ReceiptHandle }));
  let text = first.Body;
  if (consumer.via === 'sns') {
    const published = (JSON.parse(text) as { Message?: unknown }).Message;
    text = typeof published === 'string' ? published : '';
  }
  const message = JSON.parse(text) as Record<string, unknown>;
  const token = typeof message.TaskToken === 'string' ? message.TaskToken : '';
  return { token, text, message, dueAt: now + consumer.delayMillis };
}
