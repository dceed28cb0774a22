// What starting an execution needs, and the record and engine identity built from it.

import type { ExecutionInfo, ExecutionState, JsonValue } from '@stepwise/core';
import type { ExecutionRecord, ParentTask, StateMachineType } from '../store/store.ts';

/** Everything fixed when an execution starts (the service's NewExecution). */
export interface ExecutionStart {
  arn: string;
  name: string;
  type: StateMachineType;
  /** Unqualified, even when started through a version or alias. */
  stateMachineArn: string;
  stateMachineName: string;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  definition: string;
  revisionId: string;
  roleArn: string;
  input: string;
  startDate: number;
  traceHeader?: string;
  /** The revision's TracingConfiguration, kept with the execution (DescribeStateMachineForExecution, traces). */
  tracingConfiguration?: JsonValue;
  /** The Task that started this execution (`states:startExecution`). */
  parent?: ParentTask;
  /** The parent task's TaskSubmitted output, delivered with this execution's first step (`.sync`, callback). */
  parentSubmission?: string;
  /** A Distributed Map's child: the map run that started it. */
  mapRunArn?: string;
  /**
   * The map run counts this child's end itself when its first step ends it (a Pass child), so that step
   * writes no report for it (reportToMapRun); later ends are reported as always.
   */
  mapRunCountsFirstEnd?: boolean;
  /** Step Functions Local's `#TestCaseName` of the StartExecution ARN: the mock test case that answers tasks. */
  testCase?: string;
}

export function executionInfo(start: ExecutionStart): ExecutionInfo {
  return {
    executionArn: start.arn,
    name: start.name,
    roleArn: start.roleArn,
    stateMachineArn: start.stateMachineArn,
    stateMachineName: start.stateMachineName,
    ...(start.type === 'EXPRESS' ? { express: true } : {}),
  };
}

export function newExecutionRecord(start: ExecutionStart, state: ExecutionState): ExecutionRecord {
  const record: ExecutionRecord = {
    arn: start.arn,
    name: start.name,
    stateMachineArn: start.stateMachineArn,
    definition: start.definition,
    revisionId: start.revisionId,
    roleArn: start.roleArn,
    status: state.status,
    input: start.input,
    startDate: start.startDate,
    redriveCount: 0,
    state,
    version: 0,
  };
  if (start.stateMachineVersionArn !== undefined) record.stateMachineVersionArn = start.stateMachineVersionArn;
  if (start.stateMachineAliasArn !== undefined) record.stateMachineAliasArn = start.stateMachineAliasArn;
  if (start.traceHeader !== undefined) record.traceHeader = start.traceHeader;
  if (start.tracingConfiguration !== undefined) record.tracingConfiguration = start.tracingConfiguration;
  if (start.parent !== undefined) record.parent = start.parent;
  if (start.mapRunArn !== undefined) record.mapRunArn = start.mapRunArn;
  return withState(record, state);
}

/** The record's copies of the state (status, output, error, cause, stop date, redrive count) refreshed. */
export function withState(record: ExecutionRecord, state: ExecutionState): ExecutionRecord {
  const next: ExecutionRecord = {
    ...record,
    state,
    status: state.status,
    redriveCount: state.execution.redriveCount ?? 0,
  };
  delete next.output;
  delete next.error;
  delete next.cause;
  delete next.stopDate;
  if (state.output !== undefined) next.output = state.output;
  if (state.error !== undefined) next.error = state.error;
  if (state.cause !== undefined) next.cause = state.cause;
  if (state.stopTime !== undefined) next.stopDate = state.stopTime;
  return next;
}
