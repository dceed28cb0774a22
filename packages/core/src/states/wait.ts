// Wait: asks the engine to wait until a due time (Seconds, Timestamp, SecondsPath or TimestampPath).

import { StatesErrors, StatesFailure } from '../asl/errors.ts';
import { instantToMillis, parseTimestamp } from '../asl/timestamp.ts';
import type { WaitState } from '../asl/types.ts';
import type { JsonValue } from '../json/json-value.ts';
import { effectiveInput } from '../engine/io.ts';
import { fieldValue, integerField } from '../engine/jsonata-field-values.ts';
import type { CompiledWait } from '../engine/machine.ts';
import type { Outcome, StateContext } from '../engine/state-context.ts';
import { leaveState } from '../engine/state-exit.ts';
import type { ThreadState } from '../engine/types.ts';

export async function executeWait(run: StateContext, thread: ThreadState, state: CompiledWait): Promise<Outcome> {
  const def = state.def;
  const dueTime =
    state.queryLanguage === 'JSONata'
      ? await waitUntilJsonata(run, thread, state)
      : waitUntil(run, thread, state, def, effectiveInput(run, thread, state));
  return { kind: 'wait', dueTime };
}

/** The timer has fired: leave with the (filtered) input. */
export function resumeWait(run: StateContext, thread: ThreadState, state: CompiledWait): Outcome | Promise<Outcome> {
  return run.guard(thread, () => {
    const input = state.queryLanguage === 'JSONata' ? thread.input.value : effectiveInput(run, thread, state);
    return leaveState(run, thread, state, input);
  });
}

/** JSONata: Seconds or Timestamp, each a literal or an expression. */
async function waitUntilJsonata(run: StateContext, thread: ThreadState, state: CompiledWait): Promise<number> {
  const seconds = await integerField(run, thread, state, 'Seconds', 0);
  if (seconds !== undefined) return run.now + seconds * 1000;
  const timestamp = await fieldValue(run, thread, state, 'Timestamp');
  if (timestamp === undefined) return run.now;
  const time = typeof timestamp === 'string' ? millisOf(timestamp) : undefined;
  if (time === undefined) {
    const shown = typeof timestamp === 'string' ? timestamp : JSON.stringify(timestamp);
    throw new StatesFailure(
      StatesErrors.QueryEvaluationError,
      `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${shown}`,
      { location: 'Timestamp', afterEntered: true },
    );
  }
  return time;
}

function waitUntil(
  run: StateContext,
  thread: ThreadState,
  state: CompiledWait,
  def: WaitState,
  input: JsonValue,
): number {
  if (typeof def.Seconds === 'number') return run.now + def.Seconds * 1000;
  if (def.Timestamp !== undefined) return millisOf(def.Timestamp) ?? run.now;
  const secondsPath = state.paths.get('SecondsPath');
  if (secondsPath !== undefined) {
    const value = secondsPath.evaluate(run.scope(thread, input));
    const where = `The SecondsPath parameter`;
    if (value === undefined) throw runtime(`${where} does not reference an input value: ${secondsPath.text}`);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw runtime(`${where} cannot be parsed as a long value: ${secondsPath.text} == ${JSON.stringify(value)}`);
    }
    if (value < 0) throw runtime(`${where} references a negative value: ${secondsPath.text} == ${value}`);
    return run.now + value * 1000;
  }
  const timestampPath = state.paths.get('TimestampPath');
  if (timestampPath === undefined) return run.now;
  const value = timestampPath.evaluate(run.scope(thread, input));
  const time = typeof value === 'string' ? millisOf(value) : undefined;
  if (time === undefined) {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    throw runtime(
      `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${timestampPath.text} == ${shown}`,
    );
  }
  return time;
}

function millisOf(text: string): number | undefined {
  const instant = parseTimestamp(text);
  return instant === undefined ? undefined : instantToMillis(instant);
}

function runtime(message: string): StatesFailure {
  return new StatesFailure(StatesErrors.Runtime, message);
}
