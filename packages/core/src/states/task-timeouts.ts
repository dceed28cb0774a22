// A Task's TimeoutSeconds / HeartbeatSeconds, given literally or through their Path forms.

import { StatesErrors, StatesFailure } from '../asl/errors.ts';
import type { TaskState } from '../asl/types.ts';
import { effectiveInput } from '../engine/io.ts';
import { integerField } from '../engine/jsonata-field-values.ts';
import type { CompiledState } from '../engine/machine.ts';
import type { StateContext } from '../engine/state-context.ts';
import type { ThreadState } from '../engine/types.ts';

export async function taskSeconds(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  def: TaskState,
  kind: 'Timeout' | 'Heartbeat',
): Promise<number | undefined> {
  if (state.queryLanguage === 'JSONata') return integerField(run, thread, state, `${kind}Seconds`, 1);
  const literal = kind === 'Timeout' ? def.TimeoutSeconds : def.HeartbeatSeconds;
  if (typeof literal === 'number') return literal;
  const path = state.paths.get(`${kind}SecondsPath`);
  if (path === undefined) return undefined;
  // A path that finds nothing fails as any path does (AWS: `Invalid path '$.x' : No results for path: $['x']`).
  const value = path.evaluateStrict(run.scope(thread, effectiveInput(run, thread, state)));
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new StatesFailure(
      StatesErrors.Runtime,
      `The ${kind}SecondsPath parameter does not reference a positive integer: ${path.text} == ${JSON.stringify(value)}`,
    );
  }
  return value;
}
