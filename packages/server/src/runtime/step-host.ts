// What the runtime's helpers (callbacks, activity tasks) need of it: the store, the clock, and one
// committed step at a time. Kept apart from runtime.ts so that they do not import each other.

import type { EngineInput, ExecutionState, StepResult } from '@stepwise/core';
import type { ExecutionRecord, StepCommit, Store, WorkItem } from '../store/store.ts';
import type { Clock } from './clock.ts';

/** How applying one input went: the record after it, and whether a step was committed. */
export interface Applied {
  record: ExecutionRecord;
  stepped: boolean;
}

export interface ApplyOptions {
  consumes?: string;
  /** Work committed with the step besides the step's own (a job's first poll). */
  addWork?: WorkItem[];
  redriveDate?: number;
  /** Commit only when this accepts the step's result (else nothing is written). */
  accept?: (result: StepResult) => boolean;
  /** Tokens this step closes besides those of the tasks it cancels (a callback closes its own). */
  closeTokens?: StepCommit['closeTokens'];
  /** The claim `consumes` was performed under: refused ('fenced') when another node claimed it since. */
  claim?: StepCommit['claim'];
  /** The activity task this step hands to a worker (refused, like `consumes`, when it is gone). */
  claimsToken?: StepCommit['claimsToken'];
}

export interface StepHost {
  readonly store: Store;
  readonly clock: Clock;
  /**
   * Applies `inputFor(state)` as one committed step. Undefined when the execution does not exist or the
   * consumed work item (or claimed token) is gone.
   */
  apply(
    arn: string,
    inputFor: (state: ExecutionState) => EngineInput | undefined,
    options?: ApplyOptions,
  ): Promise<Applied | undefined>;
}
