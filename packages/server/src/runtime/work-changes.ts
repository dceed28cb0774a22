// Turns the commands of one step into store work: timers and task calls become rows committed with
// the step (the outbox); cancellations delete them. Ids derive from the engine's, so they are idempotent.

import type { Command } from '@stepwise/core';
import type { WorkItem } from '../store/store.ts';

export interface WorkChanges {
  add: WorkItem[];
  remove: string[];
  /** Tasks cancelled by this step, whose calls in progress should be aborted. */
  cancelledTasks: string[];
}

export const workId = (executionArn: string, engineId: string): string => `${executionArn}#${engineId}`;

/** A task's answer delivered later on the clock. */
export const resultWorkId = (taskWorkId: string): string => `${taskWorkId}#result`;

export function workChanges(executionArn: string, commands: readonly Command[], now: number): WorkChanges {
  // Net effect in command order: a timer started then cancelled in one step is never written.
  const net = new Map<string, WorkItem | null>();
  const cancelledTasks: string[] = [];
  for (const command of commands) {
    switch (command.type) {
      case 'StartTimer': {
        const id = workId(executionArn, command.timerId);
        net.set(id, { id, executionArn, kind: 'timer', dueTime: command.dueTime, timerId: command.timerId });
        break;
      }
      case 'CancelTimer':
        net.set(workId(executionArn, command.timerId), null);
        break;
      case 'InvokeTask': {
        const id = workId(executionArn, command.invocation.taskId);
        net.set(id, { id, executionArn, kind: 'task', dueTime: now, invocation: command.invocation });
        break;
      }
      case 'CancelTask': {
        const id = workId(executionArn, command.taskId);
        net.set(id, null);
        net.set(resultWorkId(id), null);
        cancelledTasks.push(id);
        break;
      }
    }
  }
  const add: WorkItem[] = [];
  const remove: string[] = [];
  for (const [id, item] of net) {
    if (item === null) remove.push(id);
    else add.push(item);
  }
  return { add, remove, cancelledTasks };
}
