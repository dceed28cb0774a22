// The engine carrying out what state code asked for (the `wait`, `invoke` and `fork` intents, and a
// Retry's back-off): it alone sets a thread's `pending`, makes timer and task ids and pushes commands.

import { ChildLaunch } from './child-launch.ts';
import { awaitedTaskCall } from './pending-work.ts';
import type { ForkedThread, MapRunCall, MapRunChildrenCall, NewThread, Outcome, TaskCall } from './state-context.ts';
import type {
  Command,
  MapPending,
  ParallelPending,
  TaskInvocation,
  TaskPending,
  ThreadSnapshot,
  ThreadState,
} from './types.ts';

/** What carrying out an intent needs of the engine (Run). */
export interface IntentHost {
  readonly now: number;
  readonly commands: Command[];
  newId(thread: ThreadState, kind: string): string;
  startTimer(timerId: string, dueTime: number): void;
  startThread(init: NewThread): ThreadState;
  restoreThread(snapshot: ThreadSnapshot, cursor: number): void;
  startLaunch(launch: ChildLaunch): void;
}

export type Intent = Exclude<Outcome, { kind: 'exit' | 'fail' | 'block' }>;

export function carryOut(host: IntentHost, thread: ThreadState, intent: Intent): void {
  if (intent.kind === 'wait') waitUntil(host, thread, 'wait', intent.dueTime);
  else if (intent.kind === 'fork') fork(host, thread, intent.children, intent.launch);
  else if (intent.call.kind === 'task') invokeTask(host, thread, intent.call);
  else if (intent.call.kind === 'mapRunChildren') startMapRun(host, thread, intent.call);
  else invokeMapRun(host, thread, intent.call);
}

/** A Wait state's timer, or a Retry's back-off (`retry`): the thread waits for it to fire. */
export function waitUntil(host: IntentHost, thread: ThreadState, kind: 'wait' | 'retry', dueTime: number): void {
  const timerId = host.newId(thread, kind);
  thread.pending = { kind, timerId };
  host.startTimer(timerId, dueTime);
}

function fork(
  host: IntentHost,
  thread: ThreadState,
  children: ParallelPending | MapPending,
  launch: ChildLaunch | readonly ForkedThread[],
): void {
  thread.pending = children;
  if (launch instanceof ChildLaunch) {
    host.startLaunch(launch);
    return;
  }
  // Queued last-first, so that the first child runs first.
  for (let at = launch.length - 1; at >= 0; at--) {
    const child = launch[at];
    if (child === undefined) continue;
    if ('start' in child) host.startThread(child.start);
    else host.restoreThread(child.restore, child.cursor);
  }
}

function invokeTask(host: IntentHost, thread: ThreadState, call: TaskCall): void {
  const taskId = host.newId(thread, 'task');
  const invocation: TaskInvocation = { taskId, ...call.invocation };
  host.commands.push({ type: 'InvokeTask', invocation });
  const { resource } = call.invocation;
  const pending: TaskPending = { kind: 'task', taskId, resource, style: call.style, pattern: call.pattern };
  thread.pending = pending;
  const { timeoutSeconds, heartbeatSeconds } = call.invocation;
  if (timeoutSeconds !== undefined) {
    pending.timerId = `${taskId}:timeout`;
    host.startTimer(pending.timerId, host.now + timeoutSeconds * 1000);
  }
  if (heartbeatSeconds !== undefined) {
    pending.heartbeatSeconds = heartbeatSeconds;
    if (call.heartbeatNow) restartHeartbeat(host, thread);
  }
}

/** (Re)starts a Task's HeartbeatSeconds clock under a new timer id, cancelling the running one. */
export function restartHeartbeat(host: IntentHost, thread: ThreadState): void {
  const pending = awaitedTaskCall(thread.pending);
  if (pending?.heartbeatSeconds === undefined) return;
  if (pending.heartbeatTimerId !== undefined)
    host.commands.push({ type: 'CancelTimer', timerId: pending.heartbeatTimerId });
  pending.heartbeatTimerId = host.newId(thread, 'heartbeat');
  host.startTimer(pending.heartbeatTimerId, host.now + pending.heartbeatSeconds * 1000);
}

function invokeMapRun(host: IntentHost, thread: ThreadState, call: MapRunCall): void {
  const { map, purpose, resource, input, stateName } = call;
  const taskId = host.newId(thread, purpose);
  map.mapRunTask = { taskId, purpose };
  thread.pending = map;
  host.commands.push({ type: 'InvokeTask', invocation: { taskId, resource, input, stateName, mapRun: purpose } });
}

/** A Distributed Map's children go to the runtime as one map run; the thread waits for MapRunEnded. */
function startMapRun(host: IntentHost, thread: ThreadState, call: MapRunChildrenCall): void {
  call.map.childrenRunning = true;
  thread.pending = call.map;
  host.commands.push({ type: 'StartMapRun', mapRun: call.spec });
}
