// ItemSelector (or the legacy Parameters): what an iteration gets for item `index`, evaluated with
// `$$.Map.Item.Index` and `$$.Map.Item.Value` in the context object. Without it, the item itself.

import type { CompiledState } from '../engine/machine.ts';
import type { Run } from '../engine/run.ts';
import { jsonataScope } from '../engine/state-exit.ts';
import type { ThreadState } from '../engine/types.ts';
import type { JsonValue } from '../json/json-value.ts';

export async function selectItem(
  run: Run,
  thread: ThreadState,
  state: CompiledState,
  mapInput: JsonValue,
  index: number,
  value: JsonValue,
): Promise<JsonValue> {
  const item = { Map: { Item: { Index: index, Value: value } } };
  if (state.itemSelector !== undefined) {
    const scope = run.scope(thread, mapInput);
    return state.itemSelector.evaluate({ ...scope, context: { ...(scope.context as object), ...item } });
  }
  const jsonataSelector = state.jsonata.get('ItemSelector');
  if (jsonataSelector === undefined) return value;
  const scope = jsonataScope(run, thread);
  const scopeStates = scope.states as Record<string, JsonValue>;
  const states = { ...scopeStates, context: { ...(scopeStates.context as object), ...item } };
  return jsonataSelector.evaluate({ ...scope, states });
}
