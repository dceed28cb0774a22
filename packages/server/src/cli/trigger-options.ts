// The `serve` options of the triggers: the S3 notification webhook's secret (also STEPWISE_S3_WEBHOOK_SECRET,
// which keeps it out of the process list), an SQS queue of S3 notifications to take `aws.s3` events from, and
// the HTTP start routes file.

import { readFileSync } from 'node:fs';
import type { HttpRoute } from '../service/routes/route-definition.ts';
import { parseRoutesFile, RouteFileError } from '../service/routes/route-file.ts';
import { stringOption, UsageError, type ParsedArgs } from './args.ts';

export const triggerOptionNames = ['s3-webhook-secret', 's3-events-queue', 'routes'];

export interface TriggerServeOptions {
  s3WebhookSecret?: string;
  /** HTTP start routes from `--routes FILE`. */
  routes?: HttpRoute[];
  /** A queue URL, read through --aws-endpoint (or real AWS). */
  s3EventsQueue?: string;
}

export function triggerOptionsFrom(
  args: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
  awsConfigured: boolean,
  scope: { region: string; account: string },
): TriggerServeOptions {
  const secret = stringOption(args, 's3-webhook-secret') ?? env.STEPWISE_S3_WEBHOOK_SECRET;
  if (secret?.length === 0) throw new UsageError('--s3-webhook-secret must not be empty');
  const queue = stringOption(args, 's3-events-queue');
  if (queue !== undefined && !/^https?:\/\//.test(queue)) throw new UsageError('--s3-events-queue must be a queue URL');
  if (queue !== undefined && !awsConfigured) {
    throw new UsageError('--s3-events-queue needs --aws-endpoint URL (or --aws-region for AWS) to read the queue');
  }
  const routes = routesOption(stringOption(args, 'routes'), scope);
  return {
    ...(routes === undefined ? {} : { routes }),
    ...(secret === undefined ? {} : { s3WebhookSecret: secret }),
    ...(queue === undefined ? {} : { s3EventsQueue: queue }),
  };
}

function routesOption(file: string | undefined, scope: { region: string; account: string }): HttpRoute[] | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--routes ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseRoutesFile(text, file, scope);
  } catch (error) {
    if (error instanceof RouteFileError) throw new UsageError(`bad --routes file\n${error.message}`);
    throw error;
  }
}
