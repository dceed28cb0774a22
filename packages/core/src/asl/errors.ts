// ASL failures: the `{ error, cause }` data that flows through Retry and Catch, and AWS's error names.

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
}

/**
 * Thrown by expression evaluation (paths, templates, intrinsics, Choice rules) and caught at exactly one
 * place in the engine, where it becomes a `Failure` outcome of the state. Anything else thrown is a bug.
 */
export class StatesFailure extends Error {
  readonly error: string;
  /** AWS's cause text (shadows Error.cause, which Stepwise never uses). */
  override readonly cause: string | undefined;

  constructor(error: string, cause?: string) {
    super(cause === undefined ? error : `${error}: ${cause}`);
    this.name = 'StatesFailure';
    this.error = error;
    this.cause = cause;
  }

  toFailure(): Failure {
    return this.cause === undefined ? { error: this.error } : { error: this.error, cause: this.cause };
  }
}
