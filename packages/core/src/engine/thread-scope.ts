// The scope a thread's JSONPath expressions see. The context object `$$` is built on first read: most
// templates never read it, and building it (two ISO dates) costs more than the rest of a Pass state. A
// class, so that every scope shares one shape and one getter instead of carrying its own closure.

import type { EvaluationScope, EvaluationServices } from '../expressions/scope.ts';
import type { JsonValue } from '../json/json-value.ts';
import { buildContextObject } from './context-object.ts';
import type { ExecutionState, ThreadState } from './types.ts';

export class ThreadScope implements EvaluationScope {
  private built: JsonValue | undefined;

  constructor(
    readonly input: JsonValue,
    readonly variables: Readonly<Record<string, JsonValue>>,
    readonly services: EvaluationServices,
    private readonly state: ExecutionState,
    private readonly thread: ThreadState,
    private readonly stateType: string,
  ) {}

  get context(): JsonValue {
    this.built ??= buildContextObject(this.state, this.thread, this.stateType);
    return this.built;
  }
}
