// The task handlers beside local functions: the HTTP Task, a Distributed Map's S3 reads and writes, the
// optimized AWS integrations, `aws-sdk:*`, and Lambda functions on AWS for the names no local function
// answers. Built once per server from its options.

import type { FunctionResolver } from './lambda.ts';
import type { TaskHandler } from './executor.ts';
import type { AwsConfig } from './aws/aws-config.ts';
import { awsSdkTaskHandler } from './aws/aws-sdk-task.ts';
import { mapRunS3Handler } from './aws/map-run-s3.ts';
import { optimizedTaskHandler } from './aws/optimized-tasks.ts';
import { remoteLambdaFunctions } from './aws/remote-lambda.ts';
import { SdkClients } from './aws/sdk-clients.ts';
import type { Connections } from './http-task/connections.ts';
import type { EgressPolicy } from './http-task/egress.ts';
import { httpTaskHandler } from './http-task/http-task.ts';

export interface IntegrationOptions {
  region: string;
  /** Where HTTP Tasks may connect (serve --http-allow); anywhere when absent (`stepwise run`). */
  egress?: EgressPolicy;
  /** AWS services (absent: their tasks fail, saying how to configure them). */
  aws?: AwsConfig;
  connections?: Connections;
  connectionsSource?: string;
}

export interface Integrations {
  handlers: TaskHandler[];
  /** Lambda functions on AWS, when AWS is configured. */
  remoteFunctions?: FunctionResolver;
}

export function integrations(options: IntegrationOptions): Integrations {
  const clients = options.aws === undefined ? undefined : new SdkClients(options.aws);
  const handlers = [
    httpTaskHandler({
      region: options.region,
      connections: options.connections,
      connectionsSource: options.connectionsSource,
      ...(options.egress === undefined ? {} : { egress: options.egress }),
    }),
    // Before the optimized integrations, which claim every `states:::s3:*` resource to reject it as a Task.
    mapRunS3Handler(options.aws, clients),
    optimizedTaskHandler(options.aws, clients),
    awsSdkTaskHandler(options.aws, clients),
  ];
  return clients === undefined ? { handlers } : { handlers, remoteFunctions: remoteLambdaFunctions(clients) };
}
