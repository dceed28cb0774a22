// The `serve` options of the triggers: the S3 notification webhook's secret (also STEPWISE_S3_WEBHOOK_SECRET,
// which keeps it out of the process list) and an SQS queue of S3 notifications to take `aws.s3` events from.

import { stringOption, UsageError, type ParsedArgs } from './args.ts';

export const triggerOptionNames = ['s3-webhook-secret', 's3-events-queue'];

export interface TriggerServeOptions {
  s3WebhookSecret?: string;
  /** A queue URL, read through --aws-endpoint (or real AWS). */
  s3EventsQueue?: string;
}

export function triggerOptionsFrom(
  args: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
  awsConfigured: boolean,
): TriggerServeOptions {
  const secret = stringOption(args, 's3-webhook-secret') ?? env.STEPWISE_S3_WEBHOOK_SECRET;
  if (secret?.length === 0) throw new UsageError('--s3-webhook-secret must not be empty');
  const queue = stringOption(args, 's3-events-queue');
  if (queue !== undefined && !/^https?:\/\//.test(queue)) throw new UsageError('--s3-events-queue must be a queue URL');
  if (queue !== undefined && !awsConfigured) {
    throw new UsageError('--s3-events-queue needs --aws-endpoint URL (or --aws-region for AWS) to read the queue');
  }
  return {
    ...(secret === undefined ? {} : { s3WebhookSecret: secret }),
    ...(queue === undefined ? {} : { s3EventsQueue: queue }),
  };
}
