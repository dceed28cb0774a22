// The AWS Step Functions API as the console receives it over AWS JSON 1.0 (dates are epoch seconds).

import type { HistoryEvent } from '@stepwise/core';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';
export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineListItem {
  stateMachineArn: string;
  name: string;
  type: StateMachineType;
  creationDate: number;
}

export interface StateMachineDescription {
  stateMachineArn: string;
  name: string;
  type: StateMachineType;
  definition: string;
  roleArn: string;
  status?: string;
  creationDate: number;
  revisionId?: string;
  description?: string;
  updateDate?: number;
  loggingConfiguration?: LoggingConfiguration;
}

export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  redriveCount?: number;
}

export interface ExecutionDescription extends ExecutionListItem {
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  redriveDate?: number;
  redriveStatus?: string;
  redriveStatusReason?: string;
  mapRunArn?: string;
}

/** One history event: core's typed declaration (the wire carries its timestamp in epoch seconds). */
export type { HistoryEvent };

export interface VersionListItem {
  stateMachineVersionArn: string;
  creationDate: number;
}

export interface AliasListItem {
  stateMachineAliasArn: string;
  creationDate: number;
}

export interface AliasDescription {
  stateMachineAliasArn: string;
  name: string;
  description?: string;
  routingConfiguration: { stateMachineVersionArn: string; weight: number }[];
  creationDate: number;
  updateDate?: number;
}

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** DescribeMapRun's itemCounts and executionCounts: one child execution per item (or batch), by status. */
export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable?: number;
  pendingRedrive?: number;
}

export interface MapRunDescription {
  mapRunArn: string;
  executionArn: string;
  status: MapRunStatus;
  startDate: number;
  stopDate?: number;
  maxConcurrency: number;
  toleratedFailurePercentage: number;
  toleratedFailureCount: number;
  itemCounts: MapRunCounts;
  executionCounts: MapRunCounts;
  redriveCount?: number;
  redriveDate?: number;
}

export interface MapRunListItem {
  executionArn: string;
  mapRunArn: string;
  stateMachineArn: string;
  startDate: number;
  stopDate?: number;
}

export interface Page {
  nextToken?: string;
}

/** The operations the console calls, with their responses. */
export interface Responses {
  ListStateMachines: Page & { stateMachines: StateMachineListItem[] };
  DescribeStateMachine: StateMachineDescription;
  DescribeStateMachineForExecution: StateMachineDescription;
  ListExecutions: Page & { executions: ExecutionListItem[] };
  DescribeExecution: ExecutionDescription;
  GetExecutionHistory: Page & { events: HistoryEvent[] };
  StartExecution: { executionArn: string; startDate: number };
  StopExecution: { stopDate: number };
  RedriveExecution: { redriveDate: number };
  UpdateStateMachine: { updateDate: number; revisionId?: string; stateMachineVersionArn?: string };
  ListStateMachineVersions: Page & { stateMachineVersions: VersionListItem[] };
  DescribeStateMachineVersion: StateMachineDescription;
  ListStateMachineAliases: Page & { stateMachineAliases: AliasListItem[] };
  DescribeStateMachineAlias: AliasDescription;
  DescribeMapRun: MapRunDescription;
  ListMapRuns: Page & { mapRuns: MapRunListItem[] };
  UpdateMapRun: Record<string, never>;
}

export type Operation = keyof Responses;

/** A machine's LoggingConfiguration, as DescribeStateMachine returns it. */
export interface LoggingConfiguration {
  level?: string;
  includeExecutionData?: boolean;
  destinations?: { cloudWatchLogsLogGroup?: { logGroupArn?: string } }[];
}
