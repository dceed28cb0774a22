// Turns the commands of one step into store work: timers and task calls become rows committed with
// the step (the outbox), and so do task tokens, so a token survives a restart; an activity task is only
// its token (workers take it from there). Cancellations delete work and close tokens. Ids derive from
// the engine's, so they are idempotent.

import { taskPattern, type Command, type TaskInvocation } from '@stepwise/core';
import type { StepCommit, TaskTokenRecord, WorkItem } from '../store/store.ts';
import { scaledDueTime } from './time-scale.ts';

export interface WorkChanges {
  add: WorkItem[];
  remove: string[];
  /** Work ids of the tasks cancelled by this step, whose calls in progress should be aborted. */
  cancelledTasks: string[];
  /** Engine ids of the same tasks. */
  cancelledTaskIds: string[];
  addTokens: TaskTokenRecord[];
  closeTokens: NonNullable<StepCommit['closeTokens']>;
  /** Activities that have a new task for their workers. */
  activities: string[];
}

export const workId = (executionArn: string, engineId: string): string => `${executionArn}#${engineId}`;

/** A task's answer delivered later on the clock. */
export const resultWorkId = (taskWorkId: string): string => `${taskWorkId}#result`;

/** `waitTimeScale` multiplies the time Waits and Retry back-offs wait (see time-scale.ts). */
export function workChanges(
  executionArn: string,
  commands: readonly Command[],
  now: number,
  waitTimeScale = 1,
): WorkChanges {
  // Net effect in command order: a timer started then cancelled in one step is never written.
  const net = new Map<string, WorkItem | null>();
  const changes: WorkChanges = {
    add: [],
    remove: [],
    cancelledTasks: [],
    cancelledTaskIds: [],
    addTokens: [],
    closeTokens: [],
    activities: [],
  };
  for (const command of commands) {
    switch (command.type) {
      case 'StartTimer': {
        const id = workId(executionArn, command.timerId);
        const dueTime = scaledDueTime(command.timerId, command.dueTime, now, waitTimeScale);
        net.set(id, { id, executionArn, kind: 'timer', dueTime, timerId: command.timerId });
        break;
      }
      case 'CancelTimer':
        net.set(workId(executionArn, command.timerId), null);
        break;
      case 'InvokeTask':
        invoke(executionArn, command.invocation, now, net, changes);
        break;
      case 'StartMapRun': {
        const mapRunArn = command.mapRun.mapRunArn;
        const redrive = command.mapRun.redriveCount;
        const id = redrive === undefined ? `${mapRunArn}#start` : `${mapRunArn}#start#${String(redrive)}`;
        const action = { type: 'start' as const, spec: command.mapRun, executionArn, startDate: now };
        net.set(id, { id, executionArn: mapRunArn, kind: 'mapRun', dueTime: now, action });
        break;
      }
      case 'StopMapRun': {
        const id = `${command.mapRunArn}#stop`;
        const action = { type: 'stop' as const, mapRunArn: command.mapRunArn };
        net.set(id, { id, executionArn: command.mapRunArn, kind: 'mapRun', dueTime: now, action });
        break;
      }
      case 'CancelTask': {
        const id = workId(executionArn, command.taskId);
        net.set(id, null);
        net.set(resultWorkId(id), null);
        changes.cancelledTasks.push(id);
        changes.cancelledTaskIds.push(command.taskId);
        changes.closeTokens.push({ taskId: command.taskId, reason: 'timed-out' });
        break;
      }
    }
  }
  for (const [id, item] of net) {
    if (item === null) changes.remove.push(id);
    else changes.add.push(item);
  }
  return changes;
}

function invoke(
  executionArn: string,
  invocation: TaskInvocation,
  now: number,
  net: Map<string, WorkItem | null>,
  changes: WorkChanges,
): void {
  const activity = taskPattern(invocation.resource) === 'activity';
  if (invocation.taskToken !== undefined) {
    const token: TaskTokenRecord = {
      token: invocation.taskToken,
      executionArn,
      taskId: invocation.taskId,
      createdDate: now,
    };
    if (activity) {
      token.activityArn = invocation.resource;
      token.input = JSON.stringify(invocation.input);
      changes.activities.push(invocation.resource);
    }
    changes.addTokens.push(token);
  }
  if (activity) return;
  const id = workId(executionArn, invocation.taskId);
  net.set(id, { id, executionArn, kind: 'task', dueTime: now, invocation });
}
