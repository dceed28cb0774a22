// What the shell may ask of an execution state without reading its threads: the tasks it waits for now.
// Thread ids, task ids and pending work stay the engine's own format.

import type { TaskPattern } from '../asl/resource-arn.ts';
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
    const pending = thread.pending;
    if (pending?.kind === 'task') {
      tasks.push({ taskId: pending.taskId, resource: pending.resource, pattern: pending.pattern });
    }
  }
  return tasks;
}

/** Whether the execution waits for task `taskId` now (a task that ended no longer takes answers). */
export function waitsForTask(state: ExecutionState, taskId: string): boolean {
  if (state.status !== 'RUNNING') return false;
  // A task id starts with its thread's id (Run.newId): one lookup, not a scan of every thread.
  const pending = state.threads[taskId.slice(0, taskId.indexOf(':'))]?.pending;
  return pending?.kind === 'task' && pending.taskId === taskId;
}
