// The JSONPath input/output pipeline: InputPath -> Parameters -> (work) -> ResultSelector -> ResultPath
// -> OutputPath, with AWS's null handling and its runtime errors.

import type { CompiledTemplate } from '../expressions/index.ts';
import type { JsonValue } from '../json/json-value.ts';
import type { CompiledState, PathField } from './machine.ts';
import type { StateContext } from './state-context.ts';
import type { ThreadState } from './types.ts';

/** InputPath applied to the state's raw input: `null` gives `{}`, absent gives the input itself. */
export function effectiveInput(run: StateContext, thread: ThreadState, state: CompiledState): JsonValue {
  return selectPath(run, thread, state.inputPath, thread.input.value);
}

/** OutputPath applied to a state's output. */
export function applyOutputPath(
  run: StateContext,
  thread: ThreadState,
  state: CompiledState,
  value: JsonValue,
): JsonValue {
  return selectPath(run, thread, state.outputPath, value);
}

function selectPath(run: StateContext, thread: ThreadState, path: PathField, value: JsonValue): JsonValue {
  if (path === undefined) return value;
  if (path === null) return {};
  return path.evaluateStrict(run.scope(thread, value));
}

/** Parameters (or any payload template) evaluated against `input`, or `input` itself when absent. */
export function applyTemplate(
  run: StateContext,
  thread: ThreadState,
  template: CompiledTemplate | undefined,
  input: JsonValue,
): JsonValue {
  return template === undefined ? input : template.evaluate(run.scope(thread, input));
}

/** ResultPath: where the result goes in the raw input. `null` discards the result, absent replaces the input. */
export function applyResultPath(
  thread: ThreadState,
  resultPath: CompiledState['resultPath'],
  result: JsonValue,
): JsonValue {
  if (resultPath === undefined) return result;
  if (resultPath === null) return thread.input.value;
  return resultPath.assign(thread.input.value, result);
}
