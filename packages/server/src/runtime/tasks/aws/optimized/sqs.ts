// `arn:aws:states:::sqs:sendMessage[.waitForTaskToken]`: a JSON MessageBody is sent as its text.

import { asText } from '../sdk-values.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';

export const sqsIntegration: OptimizedIntegration = {
  service: 'sqs',
  adaptInput: (input) =>
    input.MessageBody === undefined || input.MessageBody === null
      ? input
      : { ...input, MessageBody: asText(input.MessageBody) ?? null },
};
