// What a job `.sync` integration (Batch, Glue, SageMaker, ECS, Athena, CodeBuild) declares: from the start call's response, the
// job's handle; the describe call that tells how the job is doing and its description; and the stop call.
// The polling itself is the runtime's (job-polls.ts), the SDK calls job-tasks.ts's.

import type { JsonObject, JsonValue } from '@stepwise/core';

/** A job's description as the task's output or cause, and whether the job is still going. */
export interface JobStatus {
  state: 'running' | 'succeeded' | 'failed';
  description: JsonObject;
}

export interface JobAction {
  /** The handle the describe and stop calls need, from the start call's input and response (as the task shows it). */
  handle(input: JsonObject, response: JsonObject): JsonValue;
  /** The describe call: its action and input for the handle. */
  describe: { action: string; input(handle: JsonValue): Record<string, unknown> };
  /** How the job is doing, from the describe call's response (as JSON); undefined when it names no job. */
  status(response: JsonObject): JobStatus | undefined;
  /** The stop call: its action and input for the handle. */
  stop: { action: string; input(handle: JsonValue): Record<string, unknown> };
}

/** A handle's string member (the job's id or name), or '' when it has none. */
export function handleText(handle: JsonValue, member: string): string {
  if (typeof handle !== 'object' || handle === null || Array.isArray(handle)) return '';
  const value = handle[member];
  return typeof value === 'string' ? value : '';
}

/** The describe response's member as an object, or undefined. */
export function objectMember(response: JsonObject, member: string): JsonObject | undefined {
  const value = response[member];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}
