// The RedriveExecution input: the engine side of a redrive, which re-enters the states where the
// execution stopped (what is kept while it runs, and the rules, are in redrive.ts).

import { isRedrivable } from './redrive.ts';
import type { Run } from './run.ts';

/** Applies a RedriveExecution input: the execution runs again from its redrive point. */
export async function redrive(run: Run): Promise<void> {
  const state = run.state;
  const point = state.redrivePoint;
  if (!isRedrivable(state, run.now) || point === undefined) return;
  const redriveCount = (state.execution.redriveCount ?? 0) + 1;
  state.execution = { ...state.execution, redriveCount };
  state.status = 'RUNNING';
  state.redrivePoint = undefined;
  state.unfinishedThreads = undefined;
  for (const key of ['output', 'error', 'cause', 'stopTime'] as const) Reflect.deleteProperty(state, key);
  const redriven = run.history.recordAfter(state.nextEventId - 1, 'ExecutionRedriven', {
    executionRedrivenEventDetails: { redriveCount },
  });
  run.startExecutionTimeout();
  run.restoreThread(point, redriven);
  await run.drain();
}
