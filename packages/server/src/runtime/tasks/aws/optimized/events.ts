// `arn:aws:states:::events:putEvents[.waitForTaskToken]` on EventBridge's client: a JSON Detail is sent as
// its text, and failed entries fail the task.

import type { JsonValue } from '@stepwise/core';
import type { TaskOutcome } from '../../executor.ts';
import { asText, inputObject } from '../sdk-values.ts';
import type { OptimizedIntegration } from './optimized-integration.ts';

export const eventsIntegration: OptimizedIntegration = {
  service: 'events',
  client: 'eventbridge',
  adaptInput: (input) => {
    if (!Array.isArray(input.Entries)) return input;
    const entries = input.Entries.map((entry) => {
      const fields = inputObject(entry);
      return fields.Detail === undefined ? fields : { ...fields, Detail: asText(fields.Detail) ?? null };
    });
    return { ...input, Entries: entries };
  },
  result: putEventsResult,
};

/** putEvents answers 200 even when entries failed; Step Functions fails the task with the response as cause. */
function putEventsResult(output: Record<string, JsonValue>): TaskOutcome {
  const failed = typeof output.FailedEntryCount === 'number' ? output.FailedEntryCount : 0;
  const text = JSON.stringify({ Entries: output.Entries ?? [], FailedEntryCount: failed });
  return failed > 0 ? { error: 'EventBridge.FailedEntry', cause: text } : { output: text };
}
