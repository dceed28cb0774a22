// A case's `service: sqs` steps: SQS calls to the harness's AWS-compatible server (moto), through the AWS SDK, so
// a case can make the queue Stepwise sends to (a dead-letter queue) and read what arrived there.

import * as sqsCommands from '@aws-sdk/client-sqs';
import { plainAnswer, type ApiAnswer } from './api-calls.ts';
import { awsClientConfig } from './aws-services.ts';

type AnyCommand = new (input: Record<string, unknown>) => sqsCommands.ServiceInputTypes;

/** Calls `operation` of moto's SQS; its answer, or its error as an API error. */
export async function motoSqsCall(operation: string, request: Record<string, unknown>): Promise<ApiAnswer> {
  const config = awsClientConfig();
  if (config === undefined) throw new Error('an sqs step needs an AWS-compatible server: run with --aws');
  const Command = (sqsCommands as Record<string, unknown>)[`${operation}Command`];
  if (typeof Command !== 'function') throw new Error(`the SQS SDK has no ${operation}Command`);
  const client = new sqsCommands.SQSClient({ ...config, maxAttempts: 1 });
  try {
    const response = (await client.send(new (Command as AnyCommand)(request) as Parameters<typeof client.send>[0])) as {
      $metadata?: unknown;
    };
    delete response.$metadata;
    return { response: plainAnswer(response) };
  } catch (error) {
    if (!(error instanceof sqsCommands.SQSServiceException)) throw error;
    return { error: { code: error.name, message: error.message } };
  } finally {
    client.destroy();
  }
}
