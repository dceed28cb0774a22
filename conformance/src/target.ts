// The contract between the conformance runner and every engine target (memory, sqlite, postgres, http).
import type { ApiCallsResult } from './api-calls.ts';
import type { ConformanceCase } from './case.ts';
import type { HistoryEvent as CoreHistoryEvent } from '@stepwise/core';

/** The harness's own values for the names the case's normalisation maps to placeholders. */
export interface HarnessValues {
  roleArn?: string;
  roleName?: string;
  stateMachineName?: string;
  /**
   * State machine names the harness used exactly as the recording did (a child a nested case starts):
   * their `state_machine_name` replacements apply to the recorded value, not to `stateMachineName`.
   */
  recordedStateMachineNames?: string[];
  executionName?: string;
  /** StartSyncExecution ARN `...:express:<sm>:<part1>:<part2>`; derived from the response when absent. */
  syncExecutionArnPart1?: string;
  syncExecutionArnPart2?: string;
  /** Defaults: 111111111111 and us-east-1 (the corpus's own). */
  accountId?: string;
  region?: string;
  /** The harness's own resource values (queue URLs, bucket names) and the recording's placeholder for each. */
  literals?: [string, string][];
}

/** One GetExecutionHistory event (core's typed declaration), its timestamp as the SDK or a recording has it. */
export type HistoryEvent = CoreHistoryEvent<Date | string>;

export interface ExecutionResult {
  kind: 'execution';
  status: string;
  /** The execution's output as JSON text, undefined when it has none. */
  output: string | undefined;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
  /** DescribeExecution response, compared when the case recorded one. */
  describe?: unknown;
  harness: HarnessValues;
}

/** An API response, or the API error as `{Error: {Code, Message}, message}`. */
export interface ResponseResult {
  kind: 'response';
  response: unknown;
  harness: HarnessValues;
}

/** Not yet targeted (e.g. needs JSONata): counted and listed by reason, never dropped. */
export interface SkippedResult {
  kind: 'skipped';
  reason: string;
}

export type TargetResult = ExecutionResult | ResponseResult | ApiCallsResult | SkippedResult;

export interface Target {
  name: string;
  run(c: ConformanceCase): Promise<TargetResult>;
  /** Starts what the target's cases share (a database server) before the first case; absent when nothing. */
  open?(): Promise<void>;
  /** Releases what the target started for its cases (a database server); absent when nothing. */
  close?(): Promise<void>;
}
