// `arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem`: the call as the SDK makes it.

import type { OptimizedIntegration } from './optimized-integration.ts';

export const dynamodbIntegration: OptimizedIntegration = { service: 'dynamodb' };
