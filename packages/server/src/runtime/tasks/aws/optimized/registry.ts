// The optimized integrations the server performs, one file each, by service. Their actions and patterns
// are core's catalogue (core/src/asl/integrations.ts).

import { athenaIntegration } from './athena.ts';
import { batchIntegration } from './batch.ts';
import { codebuildIntegration } from './codebuild.ts';
import { dynamodbIntegration } from './dynamodb.ts';
import { ecsIntegration } from './ecs.ts';
import { eventsIntegration } from './events.ts';
import { glueIntegration } from './glue.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';
import { sagemakerIntegration } from './sagemaker.ts';
import { snsIntegration } from './sns.ts';
import { sqsIntegration } from './sqs.ts';

export const optimizedIntegrationRegistry: ReadonlyMap<string, OptimizedIntegration> = new Map(
  [
    sqsIntegration,
    snsIntegration,
    eventsIntegration,
    dynamodbIntegration,
    batchIntegration,
    glueIntegration,
    sagemakerIntegration,
    ecsIntegration,
    athenaIntegration,
    codebuildIntegration,
  ].map((integration) => [integration.service, integration]),
);
