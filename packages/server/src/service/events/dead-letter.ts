// A target's dead-letter queue: the event that could not start its execution goes to SQS with AWS's
// message attributes (RULE_ARN-like source, TARGET_ARN, ERROR_CODE, ERROR_MESSAGE).

import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { AwsConfig } from '../../runtime/tasks/aws/aws-config.ts';
import type { DeliveryRecord } from '../../store/trigger-store.ts';
import { queueOfArn, sqsClient } from './sqs-client.ts';

export function deadLetterSender(config: AwsConfig): (delivery: DeliveryRecord, error: string) => Promise<void> {
  return async (delivery, error) => {
    const queue = queueOfArn(delivery.deadLetterArn ?? '');
    if (queue === undefined)
      throw new Error(`DeadLetterConfig Arn ${String(delivery.deadLetterArn)} is not an SQS queue ARN`);
    const client = sqsClient(config, queue.region);
    try {
      const { QueueUrl } = await client.send(
        new GetQueueUrlCommand({ QueueName: queue.name, QueueOwnerAWSAccountId: queue.account }),
      );
      const [code, ...message] = error.split(': ');
      const attribute = (value: string) => ({ DataType: 'String', StringValue: value });
      await client.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: delivery.input,
          MessageAttributes: {
            SOURCE: attribute(delivery.source),
            TARGET_ARN: attribute(delivery.stateMachineArn),
            ERROR_CODE: attribute(code ?? 'Error'),
            ERROR_MESSAGE: attribute(message.join(': ') || error),
            RETRY_ATTEMPTS: { DataType: 'Number', StringValue: String(delivery.attempts) },
          },
        }),
      );
    } finally {
      client.destroy();
    }
  };
}
