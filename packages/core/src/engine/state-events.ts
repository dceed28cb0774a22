// The history events of a state type, as AWS names them: each type's are in the table of state types
// (states/state-table.ts), looked up, never built from the type's name.

import type { HistoryEventType, StateEnteredType, StateExitedType } from './history-event.ts';

export interface StateEvents {
  entered: StateEnteredType;
  /** Undefined for a Fail state, which never exits. */
  exited?: StateExitedType;
  /** Only the states that can be stopped while they wait have one. */
  aborted?: HistoryEventType;
  /**
   * AWS follows a `failed` event of this state that ends a Parallel branch with `aborted` (a Task's
   * TaskFailed with TaskStateAborted); the Parallel's failure still follows the failed event.
   */
  abortedAfterBranchFailure?: { failed: HistoryEventType; aborted: HistoryEventType };
}
