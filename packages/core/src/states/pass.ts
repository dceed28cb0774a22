// Pass: passes its input (or its Result, or its Parameters) on; in JSONata its Output decides.

import { applyTemplate, effectiveInput } from '../engine/io.ts';
import type { CompiledPass } from '../engine/machine.ts';
import type { Outcome, StateContext } from '../engine/state-context.ts';
import { leaveState } from '../engine/state-exit.ts';
import type { ThreadState } from '../engine/types.ts';

export function executePass(run: StateContext, thread: ThreadState, state: CompiledPass): Outcome | Promise<Outcome> {
  const def = state.def;
  if (state.queryLanguage === 'JSONata') return leaveState(run, thread, state, thread.input.value);
  const input = effectiveInput(run, thread, state);
  const result = def.Result !== undefined ? def.Result : applyTemplate(run, thread, state.parameters, input);
  return leaveState(run, thread, state, result, { hasResult: true });
}
