// Execution operations after the start: Stop, Describe, List, Redrive and GetExecutionHistory.

import { detailsOf, historyEventDetailsKeys, type HistoryEvent } from '@stepwise/core';
import type { ExecutionFilter, ExecutionRead, ExecutionRecord } from '../store/store.ts';
import type { Handler } from './api.ts';
import { pageSize, type ServiceDeps } from './context.ts';
import { paged } from './page-tokens.ts';
import { describeExecution } from './describe-execution.ts';
import { RedriveTokens } from './redrive-tokens.ts';
import { ApiError, executionDoesNotExist, invalidArn, stateMachineDoesNotExist, validationError } from './errors.ts';

const redrivable = new Set(['FAILED', 'ABORTED', 'TIMED_OUT']);
/** AWS's redriveStatusReason for an execution whose machine DeleteStateMachine was called on. */
const machineDeletingReason = 'State machine is in DELETING status.';
const expressReason = 'Resource type not valid in this context: express';
const typeNotSupported = () =>
  new ApiError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');

export function executionHandlers(deps: ServiceDeps) {
  const { store, arns, runtime } = deps;

  /**
   * A Standard execution by ARN. Express executions keep no record, as on AWS, which refuses their ARN here
   * as a resource of the wrong type (DescribeExecution, GetExecutionHistory, StopExecution); RedriveExecution
   * says that the type of state machine is not supported.
   */
  async function existing(
    arn: string,
    onExpress = () => invalidArn(arn, expressReason),
    read: ExecutionRead = {},
  ): Promise<ExecutionRecord> {
    const ref = arns.parseExecution(arn);
    if (ref.kind === 'express') throw onExpress();
    const execution = await store.getExecution(arn, read);
    if (execution === undefined) throw executionDoesNotExist(arn);
    return execution;
  }

  /**
   * Why an ended execution cannot be redriven because of its machine: DELETING, or already gone (AWS keeps no
   * execution of a deleted machine to redrive; the nearest answer it documents is the DELETING one). A Map
   * run's children name no machine of their own and are left to their run.
   */
  async function machineNotRedrivable(execution: ExecutionRecord): Promise<string | undefined> {
    if (!redrivable.has(execution.status) || execution.mapRunArn !== undefined) return undefined;
    const machine = await store.getStateMachine(execution.stateMachineArn);
    return machine === undefined || machine.status === 'DELETING' ? machineDeletingReason : undefined;
  }

  const stop: Handler = async (request) => {
    const arn = request.executionArn as string;
    const execution = await existing(arn);
    // Stopping an execution that has already ended changes nothing and reports when it stopped.
    if (execution.status !== 'RUNNING') return { stopDate: new Date(execution.stopDate ?? deps.now()) };
    const details = {
      ...(typeof request.error === 'string' ? { error: request.error } : {}),
      ...(typeof request.cause === 'string' ? { cause: request.cause } : {}),
    };
    const stopped = await runtime.stopExecution(arn, details);
    return { stopDate: new Date(stopped.stopDate ?? deps.now()) };
  };

  const describe: Handler = async (request) => {
    // Only the head of the state: describing a large Map in flight must not read its iterations.
    const execution = await existing(request.executionArn as string, undefined, { withoutThreads: true });
    const machineReason = await machineNotRedrivable(execution);
    const response: Record<string, unknown> = { ...describeExecution(execution.state, deps.now(), machineReason) };
    if (execution.stateMachineVersionArn !== undefined)
      response.stateMachineVersionArn = execution.stateMachineVersionArn;
    if (execution.stateMachineAliasArn !== undefined) response.stateMachineAliasArn = execution.stateMachineAliasArn;
    if (execution.mapRunArn !== undefined) response.mapRunArn = execution.mapRunArn;
    if (execution.traceHeader !== undefined) response.traceHeader = execution.traceHeader;
    if (execution.redriveDate !== undefined) response.redriveDate = new Date(execution.redriveDate);
    if (request.includedData === 'METADATA_ONLY') {
      delete response.input;
      delete response.output;
      response.inputDetails = { included: false };
      if ('outputDetails' in response) response.outputDetails = { included: false };
    }
    return response;
  };

  const list: Handler = async (request) => {
    const filter = await listFilter(request);
    if (typeof request.statusFilter === 'string') filter.status = request.statusFilter as ExecutionRecord['status'];
    if (request.redriveFilter !== undefined) filter.redriven = request.redriveFilter === 'REDRIVEN';
    const binding = [
      'ListExecutions',
      request.stateMachineArn as string | undefined,
      request.mapRunArn as string | undefined,
      filter.status,
      filter.redriven,
    ];
    const page = await paged(binding, request.nextToken, (after) =>
      store.listExecutions(filter, { limit: pageSize(request.maxResults), ...after }),
    );
    return {
      executions: page.items.map(listItem),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    };
  };

  async function listFilter(request: Record<string, unknown>): Promise<ExecutionFilter> {
    const machineArn = request.stateMachineArn as string | undefined;
    const mapRunArn = request.mapRunArn as string | undefined;
    if ((machineArn === undefined) === (mapRunArn === undefined)) {
      throw validationError('Must provide a StateMachine ARN or MapRun ARN', 'MISSING_REQUIRED_PARAMETER');
    }
    if (mapRunArn !== undefined) return { mapRunArn };
    const ref = arns.parseStateMachine(machineArn ?? '');
    const unqualified = arns.stateMachine(ref.name);
    const machine = await store.getStateMachine(unqualified);
    if (machine === undefined) throw stateMachineDoesNotExist(machineArn ?? '');
    if (machine.type === 'EXPRESS') throw typeNotSupported();
    if (ref.kind === 'version') return { stateMachineVersionArn: machineArn ?? '' };
    if (ref.kind === 'alias') return { stateMachineAliasArn: machineArn ?? '' };
    return { stateMachineArn: unqualified };
  }

  const redriveTokens = new RedriveTokens(deps.now);

  const redrive: Handler = async (request) => {
    const arn = request.executionArn as string;
    const execution = await existing(arn, typeNotSupported);
    const token = request.clientToken as string | undefined;
    const repeated = token === undefined ? undefined : redriveTokens.redriveDate(arn, token);
    if (repeated !== undefined) return { redriveDate: new Date(repeated) };
    if (!redrivable.has(execution.status)) {
      throw new ApiError('ExecutionNotRedrivable', `Execution is ${execution.status} and cannot be redriven`);
    }
    const machineReason = await machineNotRedrivable(execution);
    if (machineReason !== undefined) throw new ApiError('ExecutionNotRedrivable', machineReason);
    const redriven = await runtime.redriveExecution(arn);
    const redriveDate = redriven.redriveDate ?? deps.now();
    if (token !== undefined) redriveTokens.remember(arn, token, redriveDate);
    return { redriveDate: new Date(redriveDate) };
  };

  const history: Handler = async (request) => {
    const arn = request.executionArn as string;
    await existing(arn);
    const reverse = request.reverseOrder === true;
    const page = await paged(['GetExecutionHistory', arn, reverse], request.nextToken, (after) =>
      store.getHistory(arn, { limit: pageSize(request.maxResults), reverse, ...after }),
    );
    const withData = request.includeExecutionData !== false;
    return {
      events: page.items.map((event) => wireEvent(event, withData)),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    };
  };

  return {
    StopExecution: stop,
    DescribeExecution: describe,
    ListExecutions: list,
    RedriveExecution: redrive,
    GetExecutionHistory: history,
  };
}

function listItem(execution: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: execution.arn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: new Date(execution.startDate),
    ...(execution.stopDate === undefined ? {} : { stopDate: new Date(execution.stopDate) }),
    ...(execution.mapRunArn === undefined ? {} : { mapRunArn: execution.mapRunArn }),
    ...(execution.stateMachineVersionArn === undefined
      ? {}
      : { stateMachineVersionArn: execution.stateMachineVersionArn }),
    ...(execution.stateMachineAliasArn === undefined ? {} : { stateMachineAliasArn: execution.stateMachineAliasArn }),
    redriveCount: execution.redriveCount,
    ...(execution.redriveDate === undefined ? {} : { redriveDate: new Date(execution.redriveDate) }),
  };
}

const dataMembers = new Set(['input', 'output']);

/** An event for the wire: its timestamp as a Date; without execution data, inputs and outputs are left out. */
export function wireEvent(event: HistoryEvent, withData: boolean): Record<string, unknown> {
  const result: Record<string, unknown> = { ...event, timestamp: new Date(event.timestamp) };
  if (withData) return result;
  const key = historyEventDetailsKeys[event.type];
  const details = detailsOf(event);
  if (key !== null && details !== undefined) {
    result[key] = Object.fromEntries(Object.entries(details).filter(([member]) => !dataMembers.has(member)));
  }
  return result;
}
