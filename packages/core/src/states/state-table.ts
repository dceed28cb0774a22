// The one table of state types: what each Type does on entry and, where it has them, on a task's answer
// or progress, a child's end, an abort and a timer. The compiler proves it complete: a new Type in
// asl/types.ts is an error here until it has an entry. Add a state type's behaviour here and in its module.

import type { StateType } from '../asl/types.ts';
import type { CompiledState, CompiledStateOf } from '../engine/machine.ts';
import type { StateHandlers } from '../engine/state-context.ts';
import { executeChoice } from './choice.ts';
import { executeFail } from './fail.ts';
import { abortIterations, executeMap, onIterationEnded, resumeMapRunTask } from './map.ts';
import { abortBranches, executeParallel, onBranchEnded } from './parallel.ts';
import { executePass } from './pass.ts';
import { executeSucceed } from './succeed.ts';
import { executeTask, resumeTask, timeOutTask } from './task.ts';
import { onTaskProgress } from './task-progress.ts';
import { executeWait, resumeWait } from './wait.ts';

export const stateTable: { readonly [T in StateType]: StateHandlers<CompiledStateOf<T>> } = {
  Pass: { events: { entered: 'PassStateEntered', exited: 'PassStateExited' }, execute: executePass },
  Task: {
    events: {
      entered: 'TaskStateEntered',
      exited: 'TaskStateExited',
      aborted: 'TaskStateAborted',
      abortedAfterBranchFailure: { failed: 'TaskFailed', aborted: 'TaskStateAborted' },
    },
    execute: executeTask,
    resume: resumeTask,
    progress: onTaskProgress,
    fireTimer: timeOutTask,
  },
  Choice: { events: { entered: 'ChoiceStateEntered', exited: 'ChoiceStateExited' }, execute: executeChoice },
  Wait: {
    events: { entered: 'WaitStateEntered', exited: 'WaitStateExited', aborted: 'WaitStateAborted' },
    execute: executeWait,
    fireTimer: resumeWait,
  },
  Succeed: { events: { entered: 'SucceedStateEntered', exited: 'SucceedStateExited' }, execute: executeSucceed },
  Fail: { events: { entered: 'FailStateEntered' }, execute: executeFail },
  Parallel: {
    events: { entered: 'ParallelStateEntered', exited: 'ParallelStateExited', aborted: 'ParallelStateAborted' },
    execute: executeParallel,
    onChildEnded: onBranchEnded,
    abort: abortBranches,
  },
  Map: {
    events: { entered: 'MapStateEntered', exited: 'MapStateExited', aborted: 'MapStateAborted' },
    execute: executeMap,
    resume: resumeMapRunTask,
    onChildEnded: onIterationEnded,
    abort: abortIterations,
  },
};

/**
 * The handlers of `state`'s Type. A state's Type selects its own entry, so the state always fits it; the
 * compiler cannot relate the two through the union, and handler methods take their state bivariantly.
 */
export function handlersOf(state: CompiledState): StateHandlers<CompiledState> {
  return stateTable[state.def.Type];
}
