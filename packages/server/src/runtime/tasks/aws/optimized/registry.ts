// The optimized integrations the server performs, one file each, by service. Their actions and patterns
// are core's catalogue (core/src/asl/integrations.ts).

import { dynamodbIntegration } from './dynamodb.ts';
import { eventsIntegration } from './events.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';
import { snsIntegration } from './sns.ts';
import { sqsIntegration } from './sqs.ts';

export const optimizedIntegrationRegistry: ReadonlyMap<string, OptimizedIntegration> = new Map(
  [sqsIntegration, snsIntegration, eventsIntegration, dynamodbIntegration].map((integration) => [
    integration.service,
    integration,
  ]),
);
