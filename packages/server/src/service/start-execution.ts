// StartExecution and StartSyncExecution: resolve the machine, version or alias the ARN names, check the name and
// input as AWS does, and hand the execution to the runtime.

import { jacksonReason, tooDeep, type JsonValue } from '@stepwise/core';
import type { ExecutionRecord, ParentTask, StateMachineType } from '../store/store.ts';
import { routeAlias } from './aliases.ts';
import type { Handler } from './api.ts';
import { checkName, utf8Bytes, type ServiceDeps } from './context.ts';
import { ApiError, stateMachineDeleting, stateMachineDoesNotExist } from './errors.ts';
import type { NewExecution } from './runtime-port.ts';

const maxPayloadBytes = 262144;

interface Target {
  stateMachineArn: string;
  stateMachineName: string;
  type: StateMachineType;
  definition: string;
  revisionId: string;
  roleArn: string;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  /** The revision's TracingConfiguration: the execution is traced when it is enabled. */
  tracingConfiguration?: JsonValue;
}

/** What a StartExecution ARN runs: the machine's latest revision, a version, or a version an alias routes to. */
export async function resolveTarget(deps: ServiceDeps, arn: string): Promise<Target> {
  const { store, arns } = deps;
  const ref = arns.parseStateMachine(arn);
  const machineArn = arns.stateMachine(ref.name);
  if (ref.kind === 'stateMachine') {
    const machine = await store.getStateMachine(arn);
    if (machine === undefined) throw stateMachineDoesNotExist(arn);
    if (machine.status === 'DELETING') throw stateMachineDeleting();
    const { type, definition, revisionId, roleArn, tracingConfiguration } = machine;
    const target = {
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      type,
      definition,
      revisionId,
      roleArn,
    };
    return tracingConfiguration === undefined ? target : { ...target, tracingConfiguration };
  }
  let versionArn = arn;
  let aliasArn: string | undefined;
  if (ref.kind === 'alias') {
    const alias = await store.getAlias(arn);
    if (alias === undefined) throw stateMachineDoesNotExist(arn);
    aliasArn = alias.arn;
    versionArn = routeAlias(alias.routingConfiguration, deps.random());
  }
  const version = await store.getVersion(versionArn);
  if (version === undefined) throw stateMachineDoesNotExist(versionArn);
  const { type, definition, revisionId, roleArn, tracingConfiguration } = version;
  return {
    ...(tracingConfiguration === undefined ? {} : { tracingConfiguration }),
    stateMachineArn: machineArn,
    stateMachineName: ref.name,
    type,
    definition,
    revisionId,
    roleArn,
    stateMachineVersionArn: version.arn,
    ...(aliasArn === undefined ? {} : { stateMachineAliasArn: aliasArn }),
  };
}

/** The execution input: `{}` when absent; anything that is not JSON is InvalidExecutionInput. */
export function executionInput(value: unknown): string {
  const input = typeof value === 'string' ? value : '{}';
  if (utf8Bytes(input) > maxPayloadBytes) {
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value '*** Sensitive Data Redacted ***' at 'input' failed to satisfy constraint: Member must have length less than or equal to ${String(maxPayloadBytes)}`,
    );
  }
  try {
    JSON.parse(input);
  } catch (error) {
    // Jackson's words, as AWS's Java service gives them (docs/choices.md), not V8's.
    const reason = jacksonReason(input, error);
    throw new ApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${reason}'`);
  }
  const deep = tooDeep(input);
  if (deep !== undefined)
    throw new ApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${deep}'`);
  return input;
}

/**
 * Step Functions Local's mock selection: `...:stateMachine:NAME#TestCaseName` runs NAME with the mock test
 * case TestCaseName (the server must have been given a mock file; the runtime checks the name).
 */
export function splitTestCase(arn: unknown): { arn: string; testCase?: string } {
  const text = typeof arn === 'string' ? arn : '';
  const hash = text.lastIndexOf('#');
  if (hash < 0) return { arn: text };
  return { arn: text.slice(0, hash), testCase: text.slice(hash + 1) };
}

function newExecution(
  deps: ServiceDeps,
  target: Target,
  request: Record<string, unknown>,
  express: boolean,
  testCase?: string,
): NewExecution {
  const name = typeof request.name === 'string' ? request.name : deps.uuid();
  checkName(name);
  const input = executionInput(request.input);
  const arn = express
    ? deps.arns.expressExecution(target.stateMachineName, name, deps.uuid())
    : deps.arns.execution(target.stateMachineName, name);
  const execution: NewExecution = { arn, name, input, startDate: deps.now(), ...target };
  if (typeof request.traceHeader === 'string') execution.traceHeader = request.traceHeader;
  if (testCase !== undefined) execution.testCase = testCase;
  return execution;
}

/** An execution StartExecution would start, checked as the API checks it, not yet started. */
export async function prepareExecution(deps: ServiceDeps, request: Record<string, unknown>): Promise<NewExecution> {
  const { arn, testCase } = splitTestCase(request.stateMachineArn);
  const target = await resolveTarget(deps, arn);
  return newExecution(deps, target, request, target.type === 'EXPRESS', testCase);
}

/**
 * Starts a prepared Standard execution. The same name and input while the first is still running is an
 * idempotent retry, and so is the same parent task starting its child again (a repeated task call);
 * anything else is ExecutionAlreadyExists.
 */
export async function startStandard(deps: ServiceDeps, execution: NewExecution): Promise<ExecutionRecord> {
  const started = await deps.runtime.startExecution(execution);
  const existing = started.execution;
  if (started.created || sameParentTask(existing.parent, execution.parent)) return existing;
  if (existing.input !== execution.input || existing.status !== 'RUNNING') {
    throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${execution.arn}'`);
  }
  return existing;
}

function sameParentTask(a: ParentTask | undefined, b: ParentTask | undefined): boolean {
  return a !== undefined && b !== undefined && a.executionArn === b.executionArn && a.taskId === b.taskId;
}

export function startHandlers(deps: ServiceDeps) {
  const start: Handler = async (request) => {
    const execution = await prepareExecution(deps, request);
    if (execution.type === 'EXPRESS') {
      await deps.runtime.startExpressExecution(execution);
      return { executionArn: execution.arn, startDate: new Date(execution.startDate) };
    }
    const started = await startStandard(deps, execution);
    return { executionArn: started.arn, startDate: new Date(started.startDate) };
  };

  const startSync: Handler = async (request) => {
    const { arn: machineArn, testCase } = splitTestCase(request.stateMachineArn);
    const target = await resolveTarget(deps, machineArn);
    if (target.type !== 'EXPRESS') {
      throw new ApiError(
        'StateMachineTypeNotSupported',
        'This operation is not supported by this type of state machine',
      );
    }
    const execution = newExecution(deps, target, request, true, testCase);
    const outcome = await deps.runtime.runSyncExecution(execution);
    const withData = request.includedData !== 'METADATA_ONLY';
    const response: Record<string, unknown> = {
      executionArn: execution.arn,
      stateMachineArn: target.stateMachineArn,
      name: execution.name,
      startDate: new Date(outcome.startDate),
      stopDate: new Date(outcome.stopDate),
      status: outcome.status,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      ...(outcome.cause === undefined ? {} : { cause: outcome.cause }),
      ...(withData ? { input: execution.input } : {}),
      inputDetails: { included: withData },
      ...(withData && outcome.output !== undefined ? { output: outcome.output } : {}),
      outputDetails: { included: withData },
      // AWS bills Express executions per started 100 ms, with 64 MB as the smallest memory figure.
      billingDetails: {
        billedMemoryUsedInMB: 64,
        billedDurationInMilliseconds: Math.max(100, Math.ceil((outcome.stopDate - outcome.startDate) / 100) * 100),
      },
    };
    if (execution.traceHeader !== undefined) response.traceHeader = execution.traceHeader;
    return response;
  };

  return { StartExecution: start, StartSyncExecution: startSync };
}
