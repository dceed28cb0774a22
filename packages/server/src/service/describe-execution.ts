// DescribeExecution's response, built from an execution's state exactly as AWS shapes it.

import { notRedrivableReason, type ExecutionState } from '@stepwise/core';

export interface DescribeExecutionOutput {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: Date;
  stopDate?: Date;
  input: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  error?: string;
  cause?: string;
  redriveCount: number;
  redriveStatus: 'REDRIVABLE' | 'NOT_REDRIVABLE';
  redriveStatusReason?: string;
}

/**
 * `now` decides whether the execution can still be redriven; `notRedrivable`, when given, is a reason found
 * outside the execution (its machine being deleted) that RedriveExecution would give.
 */
export function describeExecution(state: ExecutionState, now: number, notRedrivable?: string): DescribeExecutionOutput {
  const result: DescribeExecutionOutput = {
    executionArn: state.execution.executionArn,
    stateMachineArn: state.execution.stateMachineArn,
    name: state.execution.name,
    status: state.status,
    startDate: new Date(state.startTime),
    input: state.input.text,
    inputDetails: { included: true },
    redriveCount: state.execution.redriveCount ?? 0,
    redriveStatus: 'REDRIVABLE',
  };
  if (state.stopTime !== undefined) result.stopDate = new Date(state.stopTime);
  if (state.output !== undefined) {
    result.output = state.output;
    result.outputDetails = { included: true };
  }
  if (state.error !== undefined) result.error = state.error;
  if (state.cause !== undefined) result.cause = state.cause;
  const reason = notRedrivable ?? notRedrivableReason(state, now);
  if (reason !== undefined) {
    result.redriveStatus = 'NOT_REDRIVABLE';
    result.redriveStatusReason = reason;
  }
  return result;
}
