// Succeed: ends its block successfully with its (filtered) input, or its JSONata Output, as output.

import { effectiveInput } from '../engine/io.ts';
import type { CompiledSucceed } from '../engine/machine.ts';
import type { Outcome, StateContext } from '../engine/state-context.ts';
import { leaveState } from '../engine/state-exit.ts';
import type { ThreadState } from '../engine/types.ts';

export function executeSucceed(
  run: StateContext,
  thread: ThreadState,
  state: CompiledSucceed,
): Outcome | Promise<Outcome> {
  const input = state.queryLanguage === 'JSONata' ? thread.input.value : effectiveInput(run, thread, state);
  return leaveState(run, thread, state, input);
}
