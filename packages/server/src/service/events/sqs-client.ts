// The SQS client triggers use (dead-letter queues, queue sources), configured like the server's AWS tasks:
// `--aws-endpoint` (an AWS-compatible server such as moto) or real AWS.

import { SQSClient } from '@aws-sdk/client-sqs';
import { endpointFor, type AwsConfig } from '../../runtime/tasks/aws/aws-config.ts';

export function sqsClient(config: AwsConfig, region = config.region): SQSClient {
  const endpoint = endpointFor(config, 'sqs');
  return new SQSClient({
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
    ...(config.profile === undefined ? {} : { profile: config.profile }),
  });
}

/** The queue URL of an SQS queue ARN (`arn:aws:sqs:REGION:ACCOUNT:NAME`), asked of SQS itself. */
export function queueOfArn(arn: string): { region: string; account: string; name: string } | undefined {
  const match = /^arn:aws[\w-]*:sqs:([\w-]+):(\d{12}):(.+)$/.exec(arn);
  if (match === null) return undefined;
  return { region: match[1] ?? '', account: match[2] ?? '', name: match[3] ?? '' };
}
