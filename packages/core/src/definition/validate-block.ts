// States blocks (the machine, Parallel branches, Map processors): StartAt, States, state names,
// and the transition graph: missing targets, unreachable states, no terminal state.

import { isJsonObject } from '../json/json-value.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import type { Node, StatesBlockRef, ValidationContext } from './context.ts';
import {
  DUPLICATE_STATE_NAME,
  INVALID_STATE_NAME,
  MISSING_TRANSITION_TARGET,
  childPointer,
  itemPointer,
} from './diagnostics.ts';
import { checkAllowed, checkRequired, checkType, codePoints } from './field-checks.ts';
import { validateState } from './validate-state.ts';

const MAX_STATE_NAME = 80;

/** Validates a block and its states; the block object when it is one. */
export function validateBlock(
  ctx: ValidationContext,
  value: JsonValue,
  at: string,
  extraFields: readonly string[],
): JsonObject | undefined {
  if (!isJsonObject(value)) {
    ctx.report.error(at, 'Expected value of type Object');
    return undefined;
  }
  const node: Node = { ctx, obj: value, at, language: ctx.machineLanguage };
  checkAllowed(node, new Set(['StartAt', 'States', 'Comment', 'QueryLanguage', ...extraFields]));
  checkType(node, 'Comment', 'String');
  const complete = checkRequired(node, ['StartAt', 'States']);
  const startAt = checkType(node, 'StartAt', 'String');
  if (!checkType(node, 'States', 'Object') || !isJsonObject(value.States)) return value;
  validateStates(ctx, value.States, childPointer(at, 'States'));
  if (complete && startAt) ctx.blocks.push({ startAt: value.StartAt as string, states: value.States, at });
  return value;
}

function validateStates(ctx: ValidationContext, states: JsonObject, at: string): void {
  if (Object.keys(states).length === 0) ctx.report.error(at, 'Value cannot be empty');
  for (const [name, state] of Object.entries(states)) {
    const stateAt = childPointer(at, name);
    const length = codePoints(name).length;
    if (length === 0 || length > MAX_STATE_NAME) {
      ctx.report.error(stateAt, `State name must be between 1 and ${MAX_STATE_NAME} characters`, INVALID_STATE_NAME);
    }
    if (ctx.stateNames.has(name)) ctx.report.error(stateAt, `Duplicate State name: ${name}`, DUPLICATE_STATE_NAME);
    ctx.stateNames.add(name);
    validateState(ctx, state, stateAt);
  }
}

interface Transition {
  target: string;
  location: string;
}

/** The Next, Default, Choices[].Next and Catch[].Next targets of a state. */
function transitionsOf(state: JsonObject, at: string): Transition[] {
  const found: Transition[] = [];
  const add = (target: JsonValue | undefined, location: string): void => {
    if (typeof target === 'string') found.push({ target, location });
  };
  add(state.Next, childPointer(at, 'Next'));
  add(state.Default, childPointer(at, 'Default'));
  for (const field of ['Choices', 'Catch']) {
    const items = state[field];
    if (!Array.isArray(items)) continue;
    items.forEach((item, index) => {
      if (isJsonObject(item)) add(item.Next, childPointer(itemPointer(childPointer(at, field), index), 'Next'));
    });
  }
  return found;
}

/** Missing targets and unreachable states of one block. */
export function checkTransitions(ctx: ValidationContext, block: StatesBlockRef): void {
  const statesAt = childPointer(block.at, 'States');
  const edges = new Map<string, Transition[]>();
  for (const [name, state] of Object.entries(block.states)) {
    const transitions = isJsonObject(state) ? transitionsOf(state, childPointer(statesAt, name)) : [];
    edges.set(name, transitions);
    for (const { target, location } of transitions) {
      if (Object.hasOwn(block.states, target)) continue;
      const leaf = location.slice(location.lastIndexOf('/') + 1);
      ctx.report.error(location, `Missing '${leaf}' target: ${target}`, MISSING_TRANSITION_TARGET);
    }
  }
  if (!Object.hasOwn(block.states, block.startAt)) {
    const location = childPointer(block.at, 'StartAt');
    ctx.report.error(location, `Missing 'StartAt' target: ${block.startAt}`, MISSING_TRANSITION_TARGET);
    return;
  }
  const reached = reachable(block.startAt, edges);
  for (const name of edges.keys()) {
    if (!reached.has(name)) {
      ctx.report.error(childPointer(statesAt, name), `State "${name}" is not reachable.`, MISSING_TRANSITION_TARGET);
    }
  }
}

function reachable(start: string, edges: ReadonlyMap<string, Transition[]>): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const { target } of edges.get(name) ?? []) {
      if (!seen.has(target) && edges.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}
