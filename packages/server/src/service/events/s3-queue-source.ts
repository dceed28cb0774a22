// An SQS queue that receives S3 event notifications, as a source of `aws.s3` events: each message's events are
// committed (with their deliveries) before the message is deleted, so a crash in between repeats, never loses.

import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from 'pino';
import type { EventsDeps } from './events-context.ts';
import { pause, stopped } from './pause.ts';
import type { RuleCache } from './rule-cache.ts';
import { NotificationError, parseJson, putS3Notification } from './s3-notifications.ts';

export interface QueueSourceOptions {
  client: SQSClient;
  queueUrl: string;
  deps: EventsDeps;
  rules: RuleCache;
  log: Logger;
}

/** Receives one batch and handles it; how many messages there were. */
export async function pollS3Queue(options: QueueSourceOptions, waitSeconds: number): Promise<number> {
  const { client, queueUrl, log } = options;
  const received = await client.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds }),
  );
  const messages = received.Messages ?? [];
  for (const message of messages) {
    try {
      await putS3Notification(options.deps, options.rules, parseJson(message.Body ?? ''));
    } catch (error) {
      if (!(error instanceof NotificationError)) throw error;
      // A message that is not a notification would come back forever: it is logged and deleted.
      log.warn({ queueUrl, messageId: message.MessageId, reason: error.message }, 'not an S3 notification; deleted');
    }
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
  return messages.length;
}

/** Polls the queue until `signal` aborts; errors are logged and retried after a pause. */
export async function runS3QueueSource(options: QueueSourceOptions, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const count = await pollS3Queue(options, 1);
      if (count === 0) await pause(200, signal);
    } catch (error) {
      if (stopped(signal)) return;
      options.log.error({ err: error, queueUrl: options.queueUrl }, 'S3 notification queue poll failed; retrying');
      await pause(2000, signal);
    }
  }
}
