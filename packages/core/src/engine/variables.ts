// Workflow variables: each thread keeps what it assigned; a Parallel branch or Map iteration also reads its
// parent's, which cannot change while it runs. Assignments are checked against AWS's size limits.

import { StatesErrors, type Failure } from '../asl/errors.ts';
import type { JsonValue } from '../json/json-value.ts';
import { maxPayloadBytes, utf8Length } from './payload.ts';
import type { ExecutionState, ThreadState } from './types.ts';

/** AWS: 256 KiB for one variable and for one Assign, 10 MiB for all of an execution's variables. */
export const variableLimits = {
  perVariable: maxPayloadBytes,
  perAssign: maxPayloadBytes,
  perExecution: 10 * 1024 * 1024,
};

/** The variables a thread can read, built from its ancestors'; cached per step, cleared on assignment. */
export class VariableViews {
  private readonly views = new Map<string, Readonly<Record<string, JsonValue>>>();

  constructor(private readonly state: ExecutionState) {}

  of(thread: ThreadState): Readonly<Record<string, JsonValue>> {
    const parent = thread.parent === undefined ? undefined : this.state.threads[thread.parent.threadId];
    const own = thread.variables;
    // A child that assigned nothing sees its parent's view: no entry per child (a Map has thousands).
    if (own === undefined && parent !== undefined) return this.of(parent);
    const cached = this.views.get(thread.id);
    if (cached !== undefined) return cached;
    const inherited = parent === undefined ? {} : this.of(parent);
    const view = own === undefined ? inherited : parent === undefined ? own : { ...inherited, ...own };
    this.views.set(thread.id, view);
    return view;
  }

  /** Stores an Assign's values (`texts`: their JSON texts), or returns AWS's failure when they are too large. */
  assign(
    thread: ThreadState,
    values: Readonly<Record<string, JsonValue>>,
    texts: Readonly<Record<string, string>>,
  ): Failure | undefined {
    let total = 0;
    for (const [name, text] of Object.entries(texts)) {
      const size = utf8Length(text);
      total += size;
      if (size > variableLimits.perVariable) return tooLarge(`The variable '${name}' is ${size} bytes`);
    }
    if (total > variableLimits.perAssign) return tooLarge(`The assigned variables are ${total} bytes`);
    const previous = thread.variables;
    thread.variables = { ...previous, ...values };
    if (this.executionSize() > variableLimits.perExecution) {
      thread.variables = previous;
      return tooLarge(`The variables of the execution exceed ${variableLimits.perExecution} bytes`);
    }
    this.views.clear();
    return undefined;
  }

  private executionSize(): number {
    let size = 0;
    for (const thread of Object.values(this.state.threads)) {
      if (thread.variables !== undefined) size += utf8Length(JSON.stringify(thread.variables));
    }
    return size;
  }
}

/** Each variable as the JSON text AWS shows in `assignedVariables`. */
export function variableTexts(values: Readonly<Record<string, JsonValue>>): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) texts[name] = JSON.stringify(value);
  return texts;
}

function tooLarge(what: string): Failure {
  return {
    error: StatesErrors.DataLimitExceeded,
    cause: `${what}, more than the service limit for variables allows.`,
  };
}
