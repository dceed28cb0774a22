// Choice: the first rule that matches names the next state; otherwise Default, otherwise States.NoChoiceMatched.

import { StatesErrors } from '../asl/errors.ts';
import type { ChoiceState } from '../asl/types.ts';
import { applyOutputPath, effectiveInput } from '../engine/io.ts';
import type { CompiledState } from '../engine/machine.ts';
import { derivePayload } from '../engine/payload.ts';
import type { Outcome, Run } from '../engine/run.ts';
import type { ThreadState } from '../engine/types.ts';

export function executeChoice(run: Run, thread: ThreadState, state: CompiledState, def: ChoiceState): Outcome {
  const input = effectiveInput(run, thread, state);
  const scope = run.scope(thread, input);
  const next = state.choices.find((choice) => choice.rule.matches(scope))?.next ?? def.Default;
  if (next === undefined) {
    return {
      kind: 'fail',
      failure: { error: StatesErrors.NoChoiceMatched, cause: `No Matches!` },
    };
  }
  const output = applyOutputPath(run, thread, state, input);
  return { kind: 'exit', output: derivePayload(thread.input, output), next };
}
