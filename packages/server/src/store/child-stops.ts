// The work that stops a `.sync` child whose parent task was cancelled: built by both stores inside the
// parent's step commit, from the children they list there, so a child started just before is not missed.

import type { EngineInput } from '@stepwise/core';
import type { WorkItem } from './records.ts';

/** One StopExecution input per child; its id is the child's, so a repeat adds nothing. */
export function childStopWork(childArn: string, dueTime: number): WorkItem {
  const input: EngineInput = { type: 'StopExecution' };
  return { id: `${childArn}#stopped-by-parent`, executionArn: childArn, kind: 'input', dueTime, input };
}
