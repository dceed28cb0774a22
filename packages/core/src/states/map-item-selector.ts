// ItemSelector (or the legacy Parameters): what an iteration gets for item `index`, evaluated with
// `$$.Map.Item.Index` and `$$.Map.Item.Value` in the context object; without it, the item itself. The
// scopes are built once per Map and shared by its items.

import type { CompiledJsonataTemplate } from '../expressions/jsonata/jsonata-template.ts';
import type { JsonataScope } from '../expressions/jsonata/jsonata-expression.ts';
import type { EvaluationScope } from '../expressions/scope.ts';
import type { CompiledMap } from '../engine/machine.ts';
import type { StateContext } from '../engine/state-context.ts';
import { jsonataScope } from '../engine/state-exit.ts';
import type { ThreadState } from '../engine/types.ts';
import type { JsonValue } from '../json/json-value.ts';

export class ItemSelection {
  private readonly scope: EvaluationScope | undefined;
  private readonly jsonataSelector: CompiledJsonataTemplate | undefined;
  private readonly jsonataScope: JsonataScope | undefined;

  /** `mapInput` is the Map's effective input, which a JSONPath ItemSelector sees as `$`. */
  constructor(
    run: StateContext,
    thread: ThreadState,
    private readonly state: CompiledMap,
    mapInput: JsonValue,
  ) {
    this.scope = state.itemSelector === undefined ? undefined : run.scope(thread, mapInput);
    this.jsonataSelector = state.itemSelector === undefined ? state.jsonata.get('ItemSelector') : undefined;
    this.jsonataScope = this.jsonataSelector === undefined ? undefined : jsonataScope(run, thread);
  }

  /** The iteration input for item `index`: synchronous unless a JSONata ItemSelector evaluates it. */
  select(index: number, value: JsonValue): JsonValue | Promise<JsonValue> {
    const selector = this.state.itemSelector;
    if (selector !== undefined && this.scope !== undefined) {
      const item = { Map: { Item: { Index: index, Value: value } } };
      return selector.evaluate({ ...this.scope, context: { ...(this.scope.context as object), ...item } });
    }
    if (this.jsonataSelector === undefined || this.jsonataScope === undefined) return value;
    const item = { Map: { Item: { Index: index, Value: value } } };
    const scopeStates = this.jsonataScope.states as Record<string, JsonValue>;
    const states = { ...scopeStates, context: { ...(scopeStates.context as object), ...item } };
    return this.jsonataSelector.evaluate({ ...this.jsonataScope, states });
  }
}
