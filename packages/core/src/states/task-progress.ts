// What happens to a waiting Task before its answer: the integration accepted it (TaskSubmitted), a worker
// took the activity (ActivityStarted), a heartbeat arrived. None of them ends the wait.

import type { StateContext, TaskProgress } from '../engine/state-context.ts';
import type { CompiledTask } from '../engine/machine.ts';
import type { ThreadState } from '../engine/types.ts';
import { recordActivityStarted, recordSubmitted } from './task-events.ts';
import { taskPending } from './task.ts';

export function onTaskProgress(
  run: StateContext,
  thread: ThreadState,
  _state: CompiledTask,
  progress: TaskProgress,
): void {
  if (progress.kind === 'submitted') onTaskSubmitted(run, thread, progress.output);
  else if (progress.kind === 'started') onTaskStarted(run, thread, progress.workerName);
  else onTaskHeartbeat(run, thread);
}

function onTaskSubmitted(run: StateContext, thread: ThreadState, output: string): void {
  recordSubmitted(run, thread, taskPending(thread), output);
}

/** A worker took the activity: its heartbeat clock starts now. */
function onTaskStarted(run: StateContext, thread: ThreadState, workerName: string | undefined): void {
  const pending = taskPending(thread);
  if (pending.style !== 'activity') return;
  recordActivityStarted(run, thread, workerName);
  run.restartHeartbeat(thread);
}

/** SendTaskHeartbeat: the HeartbeatSeconds clock starts again (no event, as on AWS). */
function onTaskHeartbeat(run: StateContext, thread: ThreadState): void {
  const pending = taskPending(thread);
  // An activity nobody has taken yet has no clock running: a heartbeat does not start one.
  if (pending.heartbeatTimerId !== undefined) run.restartHeartbeat(thread);
}
