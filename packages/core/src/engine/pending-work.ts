// What the engine owns in a blocked thread's `pending`: the ids of the timers and of the task it waits
// for. The one place that knows which kind of pending holds which; the rest of a pending (a Map's results,
// a Parallel's branches) belongs to its state type.

import type { TaskAnswer } from './state-context.ts';
import type { Command, Payload, Pending, TaskPending } from './types.ts';

/** The timers `pending` waits on (a Wait's, a Retry's back-off, a Task's timeout and heartbeat). */
export function timersOf(pending: Pending): string[] {
  switch (pending.kind) {
    case 'wait':
    case 'retry':
      return [pending.timerId];
    case 'task':
      return [pending.timerId, pending.heartbeatTimerId].filter((id) => id !== undefined);
    default:
      return [];
  }
}

/** The task `pending` waits for: a Task's call, or a Distributed Map's ItemReader or ResultWriter call. */
export function awaitedTaskId(pending: Pending | undefined): string | undefined {
  if (pending?.kind === 'task') return pending.taskId;
  return pending?.kind === 'map' ? pending.mapRunTask?.taskId : undefined;
}

/** The map run whose children `pending` waits for (a Distributed Map's), if any. */
export function awaitedMapRun(pending: Pending | undefined): string | undefined {
  return pending?.kind === 'map' && pending.childrenRunning === true ? pending.mapRunArn : undefined;
}

/** The awaited map run ended: its children no longer run. */
export function mapRunEnded(pending: Pending): void {
  if (pending.kind === 'map') pending.childrenRunning = undefined;
}

/** Commands that stop everything `pending` waits for: its task (or map run) first, then its timers. */
export function cancelCommands(pending: Pending): Command[] {
  const taskId = awaitedTaskId(pending);
  const commands: Command[] = taskId === undefined ? [] : [{ type: 'CancelTask', taskId }];
  const mapRunArn = awaitedMapRun(pending);
  if (mapRunArn !== undefined) commands.push({ type: 'StopMapRun', mapRunArn });
  for (const timerId of timersOf(pending)) commands.push({ type: 'CancelTimer', timerId });
  return commands;
}

/**
 * The awaited task answered: it no longer runs, and a Task's timers are cancelled. Returns which call it
 * was: a Task's, or a Distributed Map's reading or writing.
 */
export function taskAnswered(pending: Pending, commands: Command[]): Exclude<TaskAnswer['call'], 'mapRunChildren'> {
  if (pending.kind === 'map') {
    const purpose = pending.mapRunTask?.purpose ?? 'itemReader';
    pending.mapRunTask = undefined;
    return purpose;
  }
  if (pending.kind !== 'task') return 'task';
  for (const timerId of timersOf(pending)) commands.push({ type: 'CancelTimer', timerId });
  pending.timerId = undefined;
  pending.heartbeatTimerId = undefined;
  return 'task';
}

/**
 * Which of `pending`'s timers `timerId` is, undefined when it is none of them (a timer cancelled too late).
 * A Task's timeout is `timeout`, its heartbeat `heartbeat`.
 */
export function firedTimer(pending: Pending, timerId: string): 'wait' | 'retry' | 'timeout' | 'heartbeat' | undefined {
  if ((pending.kind === 'wait' || pending.kind === 'retry') && pending.timerId === timerId) return pending.kind;
  if (pending.kind !== 'task') return undefined;
  if (pending.timerId === timerId) return 'timeout';
  return pending.heartbeatTimerId === timerId ? 'heartbeat' : undefined;
}

/** A Task's timer fired: the task is cancelled, with its other timer. */
export function taskTimedOut(pending: Pending, fired: 'timeout' | 'heartbeat', commands: Command[]): void {
  if (pending.kind !== 'task') return;
  if (fired === 'heartbeat') pending.heartbeatTimerId = undefined;
  else pending.timerId = undefined;
  commands.push(...cancelCommands(pending));
  pending.timerId = undefined;
  pending.heartbeatTimerId = undefined;
}

/** The Task call `pending` waits for; undefined for any other wait. */
export function awaitedTaskCall(pending: Pending | undefined): TaskPending | undefined {
  return pending?.kind === 'task' ? pending : undefined;
}

/** A fork's results so far (a Parallel's branches, a Map's iterations): what a redrive keeps. */
export function forkResults(pending: Pending | undefined): (Payload | null)[] | undefined {
  return pending?.kind === 'parallel' || pending?.kind === 'map' ? pending.results : undefined;
}

/** A Distributed Map's map run, which a redrive of the Map redrives (its ARN and how often it was). */
export function redrivableMapRun(pending: Pending | undefined): { arn: string; redriveCount: number } | undefined {
  if (pending?.kind !== 'map' || !pending.distributed || pending.mapRunArn === undefined) return undefined;
  return { arn: pending.mapRunArn, redriveCount: pending.mapRunRedriveCount ?? 0 };
}

/** Whether `pending` is a Parallel waiting for its branches (not a Map for its iterations). */
export function waitsForBranches(pending: Pending | undefined): boolean {
  return pending?.kind === 'parallel';
}

/**
 * The place of a thread that yielded before entering its state (the step's quota of states was spent)
 * among the others that did; undefined for a thread that entered its state and waits there.
 */
export function yieldOrder(pending: Pending | undefined): number | undefined {
  return pending?.kind === 'yield' ? pending.order : undefined;
}
