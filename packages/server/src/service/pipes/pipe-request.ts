// A pipe from a CreatePipe or UpdatePipe request, checked as AWS checks it, within what Stepwise runs: an SQS
// queue as the source and a Step Functions state machine as the target, without enrichment.

import type { PipeRecord } from '../../store/trigger-store.ts';
import { optionalString, requiredString, validation, type EventsDeps } from '../events/events-context.ts';
import { checkInputTemplate, compileFilters } from './pipe-input.ts';

export const pipeNamePattern = /^[.\-_A-Za-z0-9]{1,64}$/;
const rolePattern = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z0-9+=,.@\-_/]+$/;
const queueArnPattern = /^arn:aws[\w-]*:sqs:[\w-]+:\d{12}:[\w-]+(\.fifo)?$/;
const stateMachineArn = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[^:]+(:[^:]+)?$/;

type Members = Record<string, unknown>;

function objectMember(request: Members, member: string): Members | undefined {
  const value = request[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw validation(`${member} must be an object.`);
  return value as Members;
}

function integerIn(value: unknown, member: string, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validation(`${member} must be an integer between ${min} and ${max}.`);
  }
}

function checkSource(source: string): void {
  if (!queueArnPattern.test(source)) {
    throw validation(`Source ${source} is not supported: Stepwise pipes read Amazon SQS queues (an SQS queue ARN).`);
  }
}

function checkTarget(target: string): void {
  if (!stateMachineArn.test(target)) {
    throw validation(`Target ${target} is not supported: Stepwise pipes start Step Functions state machines.`);
  }
}

function checkSourceParameters(parameters: Members | undefined): void {
  if (parameters === undefined) return;
  const sqs = objectMember(parameters, 'SqsQueueParameters');
  integerIn(sqs?.BatchSize, 'SourceParameters.SqsQueueParameters.BatchSize', 1, 10000);
  integerIn(
    sqs?.MaximumBatchingWindowInSeconds,
    'SourceParameters.SqsQueueParameters.MaximumBatchingWindowInSeconds',
    0,
    300,
  );
  const other = Object.keys(parameters).filter((key) => key !== 'SqsQueueParameters' && key !== 'FilterCriteria');
  if (other.length > 0) throw validation(`SourceParameters.${other[0] ?? ''} does not apply to an SQS source.`);
  compileFilters(parameters.FilterCriteria);
}

function checkTargetParameters(parameters: Members | undefined): void {
  if (parameters === undefined) return;
  checkInputTemplate(parameters.InputTemplate);
  const machine = objectMember(parameters, 'StepFunctionStateMachineParameters');
  const type = machine?.InvocationType;
  if (type !== undefined && type !== 'REQUEST_RESPONSE' && type !== 'FIRE_AND_FORGET') {
    throw validation(
      'TargetParameters.StepFunctionStateMachineParameters.InvocationType must be REQUEST_RESPONSE or FIRE_AND_FORGET.',
    );
  }
  const other = Object.keys(parameters).filter(
    (key) => key !== 'InputTemplate' && key !== 'StepFunctionStateMachineParameters',
  );
  if (other.length > 0)
    throw validation(`TargetParameters.${other[0] ?? ''} does not apply to a state machine target.`);
}

function desiredState(request: Members): PipeRecord['DesiredState'] | undefined {
  const state = request.DesiredState;
  if (state === undefined) return undefined;
  if (state !== 'RUNNING' && state !== 'STOPPED') throw validation('DesiredState must be RUNNING or STOPPED.');
  return state;
}

function checkCommon(request: Members): void {
  if (request.Enrichment !== undefined && request.Enrichment !== '') {
    throw validation('Enrichment is not supported by Stepwise pipes.');
  }
  const description = optionalString(request, 'Description');
  if (description !== undefined && description.length > 512) throw validation('Description is over 512 characters.');
}

/** The pipe CreatePipe asks for. */
export function newPipe(deps: EventsDeps, name: string, request: Members): PipeRecord {
  if (!pipeNamePattern.test(name)) throw validation(`Pipe name ${name} is not valid.`);
  const source = requiredString(request, 'Source');
  const target = requiredString(request, 'Target');
  const roleArn = requiredString(request, 'RoleArn', rolePattern);
  checkSource(source);
  checkTarget(target);
  checkCommon(request);
  const sourceParameters = objectMember(request, 'SourceParameters');
  const targetParameters = objectMember(request, 'TargetParameters');
  checkSourceParameters(sourceParameters);
  checkTargetParameters(targetParameters);
  const now = deps.now();
  return {
    Name: name,
    Arn: `arn:aws:pipes:${deps.region}:${deps.accountId}:pipe/${name}`,
    Source: source,
    Target: target,
    RoleArn: roleArn,
    DesiredState: desiredState(request) ?? 'RUNNING',
    ...(typeof request.Description === 'string' ? { Description: request.Description } : {}),
    ...(sourceParameters === undefined ? {} : { SourceParameters: sourceParameters }),
    ...(targetParameters === undefined ? {} : { TargetParameters: targetParameters }),
    ...(request.Tags === undefined ? {} : { Tags: request.Tags as Record<string, string> }),
    CreationTime: now,
    LastModifiedTime: now,
  };
}

/**
 * The pipe UpdatePipe makes of `existing`: members given replace theirs, the rest stay; within SourceParameters
 * and TargetParameters each object given (FilterCriteria, SqsQueueParameters, ...) replaces its old one whole.
 */
export function updatedPipe(deps: EventsDeps, existing: PipeRecord, request: Members): PipeRecord {
  const roleArn = requiredString(request, 'RoleArn', rolePattern);
  if (request.Source !== undefined) throw validation('Source cannot be changed: UpdatePipe has no Source member.');
  const target = optionalString(request, 'Target') ?? existing.Target;
  checkTarget(target);
  checkCommon(request);
  const sourceParameters = { ...existing.SourceParameters, ...objectMember(request, 'SourceParameters') };
  const targetParameters = { ...existing.TargetParameters, ...objectMember(request, 'TargetParameters') };
  checkSourceParameters(sourceParameters);
  checkTargetParameters(targetParameters);
  return {
    ...existing,
    Target: target,
    RoleArn: roleArn,
    DesiredState: desiredState(request) ?? existing.DesiredState,
    ...(typeof request.Description === 'string' ? { Description: request.Description } : {}),
    SourceParameters: sourceParameters,
    TargetParameters: targetParameters,
    LastModifiedTime: Math.max(deps.now(), existing.LastModifiedTime + 1),
  };
}
