// The history events of each state type, as AWS names them: looked up, never built from the type's name.

import type { StateType } from '../asl/types.ts';
import type { HistoryEventType, StateEnteredType, StateExitedType } from './history-event.ts';

export interface StateEvents {
  entered: StateEnteredType;
  /** Undefined for a Fail state, which never exits. */
  exited?: StateExitedType;
  /** Only the states that can be stopped while they wait have one. */
  aborted?: HistoryEventType;
}

export const stateEventTypes: Readonly<Record<StateType, StateEvents>> = {
  Task: { entered: 'TaskStateEntered', exited: 'TaskStateExited', aborted: 'TaskStateAborted' },
  Pass: { entered: 'PassStateEntered', exited: 'PassStateExited' },
  Choice: { entered: 'ChoiceStateEntered', exited: 'ChoiceStateExited' },
  Wait: { entered: 'WaitStateEntered', exited: 'WaitStateExited', aborted: 'WaitStateAborted' },
  Succeed: { entered: 'SucceedStateEntered', exited: 'SucceedStateExited' },
  Fail: { entered: 'FailStateEntered' },
  Parallel: { entered: 'ParallelStateEntered', exited: 'ParallelStateExited', aborted: 'ParallelStateAborted' },
  Map: { entered: 'MapStateEntered', exited: 'MapStateExited', aborted: 'MapStateAborted' },
};
