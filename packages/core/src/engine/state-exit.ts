// How a state leaves: its output and the variables it assigns, by the rules of its query language.
// JSONPath: ResultSelector -> ResultPath -> OutputPath, Assign evaluated against the (selected) result.
// JSONata: Output (default: the result, else the input) and Assign, both against the values on entry.

import type { JsonObject, JsonValue } from '../json/json-value.ts';
import type { JsonataScope } from '../expressions/jsonata/jsonata-expression.ts';
import { buildContextObject } from './context-object.ts';
import { applyOutputPath, applyResultPath, applyTemplate } from './io.ts';
import type { CompiledAssign, CompiledState } from './machine.ts';
import { payloadOf } from './payload.ts';
import type { Outcome, StateContext } from './state-context.ts';
import type { Payload, ThreadState } from './types.ts';

/** What a JSONata expression of the state can read under `$states`, beside input and context. */
export interface StatesExtras {
  result?: JsonValue;
  errorOutput?: JsonValue;
}

/** The scope of the state's JSONata expressions. */
export function jsonataScope(run: StateContext, thread: ThreadState, extras: StatesExtras = {}): JsonataScope {
  const state = run.currentState(thread);
  const states: JsonObject = {
    input: thread.input.value,
    context: buildContextObject(run.state, thread, state.def.Type),
    ...extras,
  };
  return { states, variables: run.variables.of(thread), services: run.ctx.services, now: run.now };
}

interface LeaveOptions {
  hasResult: boolean;
  resultPayload?: Payload;
  next?: string;
}

/**
 * Leaves the state with `result`: the work's result (a task's, Map's or Parallel's; a Pass's Result or
 * Parameters) or, for states without one, their (effective) input. `resultPayload` keeps its text.
 * Synchronous for a JSONPath state that assigns nothing (nearly all of them), so that its caller need not
 * wait for a promise.
 */
export function leaveState(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  result: JsonValue,
  options: LeaveOptions = { hasResult: false },
): Outcome | Promise<Outcome> {
  if (state.queryLanguage === 'JSONata' || state.assign !== undefined) {
    return leaveStateAsync(run, thread, state, result, options);
  }
  const selected = options.hasResult ? applyTemplate(run, thread, state.resultSelector, result) : result;
  const output = applyOutputPath(
    run,
    thread,
    state,
    options.hasResult ? applyResultPath(thread, state.resultPath, selected) : selected,
  );
  return exit(thread, output, options.resultPayload, undefined, options.next);
}

async function leaveStateAsync(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  result: JsonValue,
  options: LeaveOptions,
): Promise<Outcome> {
  let output: JsonValue;
  let assign: JsonObject | undefined;
  if (state.queryLanguage === 'JSONata') {
    const scope = jsonataScope(run, thread, options.hasResult ? { result } : {});
    const template = state.jsonata.get('Output');
    output = template ? await template.evaluate(scope) : options.hasResult ? result : thread.input.value;
    assign = await evaluateAssign(run, thread, state.assign, scope, result);
  } else {
    const selected = options.hasResult ? applyTemplate(run, thread, state.resultSelector, result) : result;
    if (state.assign !== undefined) assign = await evaluateAssign(run, thread, state.assign, undefined, selected);
    output = applyOutputPath(
      run,
      thread,
      state,
      options.hasResult ? applyResultPath(thread, state.resultPath, selected) : selected,
    );
  }
  return exit(thread, output, options.resultPayload, assign, options.next);
}

/** Assign of a state, rule or catcher: JSONPath templates see `value` as `$`; JSONata sees `$states`. */
export async function evaluateAssign(
  run: StateContext,
  thread: ThreadState,
  assign: CompiledAssign | undefined,
  scope: JsonataScope | undefined,
  value: JsonValue,
): Promise<JsonObject | undefined> {
  if (assign === undefined) return undefined;
  const assigned =
    assign.language === 'JSONata'
      ? await assign.template.evaluate(scope ?? jsonataScope(run, thread))
      : assign.template.evaluate(run.scope(thread, value));
  // An empty Assign assigns nothing, and AWS then records no assignedVariables.
  return Object.keys(assigned as JsonObject).length === 0 ? undefined : (assigned as JsonObject);
}

/** The exit outcome, keeping the input's or the result's text when the output is one of them. */
export function exit(
  thread: ThreadState,
  output: JsonValue,
  resultPayload: Payload | undefined,
  assign: JsonObject | undefined,
  next: string | undefined,
): Outcome {
  const payload =
    output === thread.input.value
      ? thread.input
      : resultPayload !== undefined && output === resultPayload.value
        ? resultPayload
        : payloadOf(output);
  const outcome: Outcome = { kind: 'exit', output: payload };
  if (assign !== undefined) outcome.assign = assign;
  if (next !== undefined) outcome.next = next;
  return outcome;
}
