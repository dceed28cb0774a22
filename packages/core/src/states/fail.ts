// Fail: ends its block with an error and cause, given literally or through ErrorPath / CausePath.

import { StatesErrors, StatesFailure } from '../asl/errors.ts';
import type { FailState } from '../asl/types.ts';
import type { CompiledState } from '../engine/machine.ts';
import type { Outcome, Run } from '../engine/run.ts';
import type { ThreadState } from '../engine/types.ts';

export function executeFail(run: Run, thread: ThreadState, state: CompiledState, def: FailState): Outcome {
  const error = def.Error ?? pathText(run, thread, state, 'ErrorPath') ?? '';
  const cause = def.Cause ?? pathText(run, thread, state, 'CausePath');
  return { kind: 'fail', failure: cause === undefined ? { error } : { error, cause } };
}

function pathText(run: Run, thread: ThreadState, state: CompiledState, field: string): string | undefined {
  const path = state.paths.get(field);
  if (path === undefined) return undefined;
  const value = path.evaluate(run.scope(thread, thread.input.value));
  if (value === undefined) {
    throw new StatesFailure(
      StatesErrors.Runtime,
      `The JSONPath '${path.text}' specified for the field '${field}' could not be found in the input '${thread.input.text}'`,
    );
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
