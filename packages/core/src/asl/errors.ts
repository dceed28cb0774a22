// ASL failures: the `{ error, cause }` data that flows through Retry and Catch, and AWS's error names.

import type { HistoryEventType } from '../engine/history-event.ts';

/** AWS's predefined error names, spelled exactly as AWS spells them. */
export const StatesErrors = {
  ALL: 'States.ALL',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Timeout: 'States.Timeout',
  TaskFailed: 'States.TaskFailed',
  Permissions: 'States.Permissions',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  QueryEvaluationError: 'States.QueryEvaluationError',
  Runtime: 'States.Runtime',
  DataLimitExceeded: 'States.DataLimitExceeded',
} as const;

/** An ASL failure as data. `cause` is absent when AWS records none. */
export interface Failure {
  error: string;
  cause?: string;
  /** A HeartbeatSeconds timeout: `error` is States.Timeout, and States.HeartbeatTimeout matches it too. */
  heartbeatTimeout?: boolean;
}

/** Where a JSONata evaluation failed: the field (`Output/result`), when AWS names one. */
export interface EvaluationFailureInfo {
  location?: string | undefined;
  /** AWS links the event to the state's Entered event (true) or to the event before it (false). */
  afterEntered?: boolean;
  /** The state's own failure event recorded next (a Map records MapStateFailed). */
  failedEvent?: HistoryEventType;
}

/**
 * Thrown by expression evaluation (paths, templates, intrinsics, Choice rules) and caught at exactly one
 * place in the engine, where it becomes a `Failure` outcome of the state. Anything else thrown is a bug.
 */
export class StatesFailure extends Error {
  readonly error: string;
  /** AWS's cause text (shadows Error.cause, which Stepwise never uses). */
  override readonly cause: string | undefined;
  /** Set for JSONata evaluation failures, which AWS also records as an EvaluationFailed event. */
  readonly evaluation: EvaluationFailureInfo | undefined;

  constructor(error: string, cause?: string, evaluation?: EvaluationFailureInfo) {
    super(cause === undefined ? error : `${error}: ${cause}`);
    this.name = 'StatesFailure';
    this.error = error;
    this.cause = cause;
    this.evaluation = evaluation;
  }

  toFailure(): Failure {
    return this.cause === undefined ? { error: this.error } : { error: this.error, cause: this.cause };
  }
}
