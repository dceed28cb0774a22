// TestState's request and response, in AWS's shapes (API member names as AWS spells them).

import type { EvaluationServices } from '../expressions/scope.ts';
import type { TaskResult } from '../engine/local-runner.ts';
import type { TaskInvocation } from '../engine/types.ts';
import type { JsonObject } from '../json/json-value.ts';

export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';

export interface TestStateMock {
  /** The state's result as JSON text. */
  result?: string;
  errorOutput?: { error?: string; cause?: string };
  fieldValidationMode?: 'STRICT' | 'PRESENT' | 'NONE';
}

export interface TestStateConfiguration {
  retrierRetryCount?: number;
  errorCausedByState?: string;
  mapIterationFailureCount?: number;
  mapItemReaderData?: string;
}

export interface TestStateRequest {
  /** One state's definition, or a whole machine's (then `stateName` picks the state). */
  definition: string;
  stateName?: string;
  roleArn?: string;
  /** The state's input as JSON text (default `{}`). */
  input?: string;
  inspectionLevel?: InspectionLevel;
  revealSecrets?: boolean;
  /** Variables as JSON text, or already parsed. */
  variables?: string | JsonObject;
  mock?: TestStateMock;
  /** The context object as JSON text, or already parsed. */
  context?: string | JsonObject;
  stateConfiguration?: TestStateConfiguration;
}

export interface InspectionData {
  input?: string;
  afterArguments?: string;
  afterInputPath?: string;
  afterParameters?: string;
  afterItemsPath?: string;
  result?: string;
  afterResultSelector?: string;
  afterResultPath?: string;
  variables?: string;
  maxConcurrency?: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  errorDetails?: { catchIndex?: number; retryIndex?: number; retryBackoffIntervalSeconds?: number };
}

export type TestStateStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

export interface TestStateResponse {
  output?: string;
  error?: string;
  cause?: string;
  inspectionData?: InspectionData;
  nextState?: string;
  status: TestStateStatus;
}

/** The request was refused: an API error named as AWS names it (ValidationException, InvalidDefinition). */
export interface TestStateRejection {
  code: 'ValidationException' | 'InvalidDefinition' | 'InvalidExecutionInput';
  message: string;
}

export type TestStateResult =
  { kind: 'response'; response: TestStateResponse } | ({ kind: 'rejected' } & TestStateRejection);

/** Everything non-deterministic or external, injected so that testState stays pure. */
export interface TestStateServices {
  /** Milliseconds since the epoch. */
  now(): number;
  evaluation: EvaluationServices;
  /** Defaults: us-east-1 and 111111111111. */
  region?: string;
  accountId?: string;
  /** Calls a Task's resource when no mock is given; without it such a request is refused. */
  invokeTask?(invocation: TaskInvocation): Promise<TaskResult>;
}
