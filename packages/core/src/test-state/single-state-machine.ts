// The machine TestState runs: the tested state alone (AWS names a lone state "StateName"), every state it
// can go to stood in by a Succeed, so that the engine's own state code runs it and stops right after.

import { isJsonObject, type JsonObject, type JsonValue } from '../json/json-value.ts';
import type { TestStateRejection } from './types.ts';

/** AWS's name for a state tested on its own; also what `$$.State.Name` shows in TestState. */
export const loneStateName = 'StateName';

export interface TestedState {
  name: string;
  def: JsonObject;
  /** The machine's QueryLanguage, which the state inherits when it names none. */
  queryLanguage: JsonValue | undefined;
  /** True when the request gave a whole machine (then it is validated whole). */
  wholeMachine: boolean;
}

/** Finds the state to test in a lone-state or whole-machine definition. */
export function findTestedState(
  definition: JsonObject,
  stateName: string | undefined,
): TestedState | TestStateRejection {
  if (typeof definition.Type === 'string' || !isJsonObject(definition.States)) {
    return { name: loneStateName, def: definition, queryLanguage: undefined, wholeMachine: false };
  }
  if (stateName === undefined) {
    return { code: 'ValidationException', message: 'State name must be specified when testing a state machine' };
  }
  const def = findState(definition, stateName);
  if (def === undefined) return { code: 'ValidationException', message: 'State not found in definition' };
  return { name: stateName, def, queryLanguage: definition.QueryLanguage, wholeMachine: true };
}

/** Searches a States block and the blocks nested in its Parallel and Map states. */
function findState(block: JsonObject, name: string): JsonObject | undefined {
  const states = block.States;
  if (!isJsonObject(states)) return undefined;
  const own = states[name];
  if (isJsonObject(own)) return own;
  for (const state of Object.values(states)) {
    if (!isJsonObject(state)) continue;
    const nested = [state.ItemProcessor, state.Iterator, ...(Array.isArray(state.Branches) ? state.Branches : [])];
    for (const inner of nested) {
      const found = isJsonObject(inner) ? findState(inner, name) : undefined;
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The names a state can go to: Next, a Choice's rules and Default, its catchers' Next. */
export function targetsOf(def: JsonObject): string[] {
  const names: JsonValue[] = [def.Next ?? null, def.Default ?? null];
  for (const list of [def.Choices, def.Catch]) {
    if (Array.isArray(list)) for (const item of list) if (isJsonObject(item)) names.push(item.Next ?? null);
  }
  return [...new Set(names.filter((name): name is string => typeof name === 'string'))];
}

/** A one-state machine around `state`, with a Succeed for every state it can go to. */
export function singleStateMachine(tested: TestedState, def: JsonObject = tested.def): JsonObject {
  const states: JsonObject = { [tested.name]: def };
  for (const target of targetsOf(def)) if (!(target in states)) states[target] = { Type: 'Succeed' };
  const machine: JsonObject = { StartAt: tested.name, States: states };
  if (tested.queryLanguage !== undefined) machine.QueryLanguage = tested.queryLanguage;
  return machine;
}

/** Fields of a Map or Parallel that only matter for running its children, which a mock replaces. */
const childFields = new Set([
  'Type',
  'Branches',
  'ItemProcessor',
  'Iterator',
  'ItemsPath',
  'Items',
  'ItemSelector',
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'Label',
  'MaxConcurrency',
  'MaxConcurrencyPath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
]);

/** Resource of the stand-in task; never called, the mock answers it. */
export const mockedChildrenResource = 'arn:aws:states:::stepwise:mocked-children';

/**
 * A mocked Map or Parallel as a Task: its children are not run (the mock is their joint result), and a
 * Task shapes a result, retries and catches exactly as they do.
 */
export function asMockedTask(def: JsonObject): JsonObject {
  const task: JsonObject = { Type: 'Task', Resource: mockedChildrenResource };
  for (const [key, value] of Object.entries(def)) {
    // A Map's Parameters is its legacy ItemSelector (per item); a Parallel's applies to its input, as a Task's.
    if (childFields.has(key) || (key === 'Parameters' && def.Type === 'Map')) continue;
    task[key] = value;
  }
  return task;
}
