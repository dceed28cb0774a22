// What the shell may ask of an execution state without reading its threads: the tasks it waits for now.
// Thread ids, task ids and pending work stay the engine's own format.

import type { TaskPattern } from '../asl/resource-arn.ts';
import { awaitedTaskCall } from './pending-work.ts';
import type { ExecutionState } from './types.ts';

/** A Task the execution waits for: the id its answer must name, and what was invoked. */
export interface AwaitedTask {
  taskId: string;
  resource: string;
  pattern: TaskPattern;
}

/** The Tasks the execution's threads wait for (an ended execution has no threads left to wait). */
export function awaitedTasks(state: ExecutionState): AwaitedTask[] {
  const tasks: AwaitedTask[] = [];
  for (const thread of Object.values(state.threads)) {
    const call = awaitedTaskCall(thread.pending);
    if (call !== undefined) tasks.push({ taskId: call.taskId, resource: call.resource, pattern: call.pattern });
  }
  return tasks;
}

/** Whether the execution waits for task `taskId` now (a task that ended no longer takes answers). */
export function waitsForTask(state: ExecutionState, taskId: string): boolean {
  return state.status === 'RUNNING' && taskEventId(state, taskId) !== undefined;
}

/**
 * The id of the latest history event of the Task waiting for `taskId` (its TaskScheduled or TaskStarted:
 * tracing hangs the callee's span there), or undefined when no thread waits for that task.
 */
export function taskEventId(state: ExecutionState, taskId: string): number | undefined {
  // A task id starts with its thread's id (Run.newId): one lookup, not a scan of every thread.
  const thread = state.threads[taskId.slice(0, taskId.indexOf(':'))];
  return awaitedTaskCall(thread?.pending)?.taskId === taskId ? thread?.cursor : undefined;
}
