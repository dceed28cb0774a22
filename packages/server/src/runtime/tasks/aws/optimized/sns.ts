// `arn:aws:states:::sns:publish[.waitForTaskToken]`: a JSON Message is published as its text.

import { asText } from '../sdk-values.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';

export const snsIntegration: OptimizedIntegration = {
  service: 'sns',
  adaptInput: (input) =>
    input.Message === undefined || input.Message === null
      ? input
      : { ...input, Message: asText(input.Message) ?? null },
};
