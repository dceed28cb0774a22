// What one optimized integration adds to the shared SDK call of optimized-tasks.ts: its client, how its
// input reaches the service, how the response becomes the task's result, and its `.sync` jobs.

import type { JsonObject, JsonValue } from '@stepwise/core';
import type { TaskOutcome } from '../../executor.ts';
import type { JobAction } from './job-action.ts';

export interface OptimizedIntegration {
  /** The service as the resource names it (`arn:aws:states:::SERVICE:ACTION`). */
  service: string;
  /** The SDK client's package name when it is not the service's (`events` is `eventbridge`). */
  client?: string;
  /** The input as the service takes it (JSON given for a text member becomes its text). */
  adaptInput?(input: Record<string, JsonValue>): Record<string, JsonValue>;
  /** A response (the start call's, a describe call's) as Step Functions shows it (Batch's members capitalised). */
  presents?(output: JsonObject): JsonObject;
  /** The task's result from the response, when it is not the response with the SDK metadata members. */
  result?(output: Record<string, JsonValue>): TaskOutcome;
  /** The actions that run a job (`.sync`), by action. */
  jobs?: Readonly<Record<string, JobAction>>;
}
