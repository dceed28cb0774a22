// The one API error class: an AWS exception name, its message and HTTP status, rendered only at the HTTP edge.

/** The exception names the Step Functions and CloudWatch Logs APIs return (as `__type`), exactly as AWS spells them. */
export type ApiErrorName =
  | 'AccessDeniedException'
  | 'ActivityDoesNotExist'
  | 'ActivityLimitExceeded'
  | 'ActivityWorkerLimitExceeded'
  | 'ConflictException'
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'ExecutionLimitExceeded'
  | 'ExecutionNotRedrivable'
  | 'IncompleteSignatureException'
  | 'InternalFailure'
  | 'InvalidArn'
  | 'InvalidDefinition'
  | 'InvalidEventPatternException'
  | 'InvalidExecutionInput'
  | 'InvalidLoggingConfiguration'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidParameterException'
  | 'InvalidSignatureException'
  | 'InvalidToken'
  | 'LimitExceededException'
  | 'MissingAuthenticationTokenException'
  | 'MissingRequiredParameter'
  | 'NotFoundException'
  | 'ResourceAlreadyExistsException'
  | 'ResourceNotFound'
  | 'ResourceNotFoundException'
  | 'SerializationException'
  | 'ServiceQuotaExceededException'
  | 'StateMachineAlreadyExists'
  | 'StateMachineDeleting'
  | 'StateMachineDoesNotExist'
  | 'StateMachineTypeNotSupported'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ThrottlingException'
  | 'TooManyTags'
  | 'UnknownOperationException'
  | 'UnrecognizedClientException'
  | 'ValidationException';

export class ApiError extends Error {
  override name = 'ApiError';

  /** `status` is 400 for every client error; only InternalFailure is a 500. */
  constructor(
    readonly type: ApiErrorName,
    message: string,
    readonly status = type === 'InternalFailure' ? 500 : 400,
    /** Extra response members some exceptions carry (ValidationException's `reason`, ResourceNotFound's `resourceName`). */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function stateMachineDoesNotExist(arn: string): ApiError {
  return new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
}

/** A machine DeleteStateMachine marked DELETING: AWS's words, as a client recorded them. */
export function stateMachineDeleting(): ApiError {
  return new ApiError('StateMachineDeleting', 'State Machine is being deleted');
}

export function executionDoesNotExist(arn: string): ApiError {
  return new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
}

export function invalidArn(arn: string, reason?: string): ApiError {
  return new ApiError('InvalidArn', `Invalid Arn: '${reason ?? arn}'`);
}

export function invalidName(name: string): ApiError {
  return new ApiError('InvalidName', `Invalid Name: '${name}'`);
}

export function resourceNotFound(message: string, resourceName: string): ApiError {
  return new ApiError('ResourceNotFound', message, 400, { resourceName });
}

/** A ValidationException that is not about one member's constraint (AWS gives it a `reason`). */
export function validationError(message: string, reason?: string): ApiError {
  return new ApiError('ValidationException', message, 400, reason === undefined ? {} : { reason });
}

export function activityDoesNotExist(arn: string): ApiError {
  return new ApiError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
}
