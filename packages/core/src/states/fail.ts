// Fail: ends its block with an error and cause, given literally or through ErrorPath / CausePath
// (a path or an intrinsic function call).

import { fieldPathNotFound } from '../expressions/index.ts';
import { fieldValue } from '../engine/jsonata-field-values.ts';
import type { CompiledFail } from '../engine/machine.ts';
import type { Outcome, StateContext } from '../engine/state-context.ts';
import type { ThreadState } from '../engine/types.ts';

export async function executeFail(run: StateContext, thread: ThreadState, state: CompiledFail): Promise<Outcome> {
  const def = state.def;
  if (state.queryLanguage === 'JSONata') {
    const error = textOf(await fieldValue(run, thread, state, 'Error')) ?? '';
    const cause = textOf(await fieldValue(run, thread, state, 'Cause'));
    return { kind: 'fail', failure: cause === undefined ? { error } : { error, cause } };
  }
  const error = def.Error ?? pathText(run, thread, state, 'ErrorPath') ?? '';
  const cause = def.Cause ?? pathText(run, thread, state, 'CausePath');
  return { kind: 'fail', failure: cause === undefined ? { error } : { error, cause } };
}

function pathText(run: StateContext, thread: ThreadState, state: CompiledFail, field: string): string | undefined {
  const expression = state.expressions.get(field);
  if (expression === undefined) return undefined;
  const value = expression.evaluate(run.scope(thread, thread.input.value));
  if (value === undefined) throw fieldPathNotFound(expression.text, field, thread.input.value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function textOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
