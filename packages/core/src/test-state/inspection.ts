// TestState's inspectionData (DEBUG and TRACE): the data after each step of the state's input/output
// pipeline, recomputed with the engine's own I/O functions on the state as compiled for the run.

import { StatesFailure } from '../asl/errors.ts';
import { applyResultPath, applyTemplate, effectiveInput } from '../engine/io.ts';
import { fieldValue } from '../engine/jsonata-field-values.ts';
import { isCompiled, type CompiledMap, type CompiledState, type Machine } from '../engine/machine.ts';
import { Run } from '../engine/run.ts';
import type { EngineContext, ExecutionState, HistoryEvent, ThreadState } from '../engine/types.ts';
import { jsonEquals, type JsonValue } from '../json/json-value.ts';
import { mapItems, mapMaxConcurrency } from '../states/map-settings.ts';
import { entryThread } from './entry.ts';
import type { InspectionData } from './types.ts';

export interface InspectionInput {
  /** The machine holding the state as written (a mocked Map or Parallel is not the state the run saw). */
  machine: Machine;
  state: ExecutionState;
  ctx: EngineContext;
  name: string;
  input: string;
  /** Variables given with the request, shown when there are any. */
  variables: Record<string, JsonValue> | undefined;
  /** What the state's work produced: the mock's or the task's result text. */
  resultText: string | undefined;
  /** The history of the run (a task's effective parameters are read from its Scheduled event). */
  events: readonly HistoryEvent[];
  succeeded: boolean;
}

export async function inspect(options: InspectionInput): Promise<InspectionData> {
  const { machine, name } = options;
  const compiled = machine.blocks.get('')?.states.get(name);
  if (compiled === undefined) throw new Error(`No state ${name} in the TestState machine`);
  const thread = entryThread(name, options.input, options.variables, options.state.startTime);
  const run = new Run(machine, options.state, options.ctx, options.ctx.now());
  const data: InspectionData = { input: options.input };
  const texts = [options.input, options.resultText].filter((t): t is string => t !== undefined);
  const text = (value: JsonValue): string => textOf(value, texts);
  const def = compiled.def;
  const parameters = scheduledParameters(options.events);
  if (compiled.queryLanguage === 'JSONata') {
    if (def.Type === 'Task' && parameters !== undefined) data.afterArguments = parameters;
    if (def.Type === 'Task' && options.succeeded && options.resultText !== undefined) data.result = options.resultText;
    if (isCompiled(compiled, 'Map')) await mapLimits(run, thread, compiled, data);
  } else if (def.Type === 'Pass' && def.Result !== undefined) {
    data.result = JSON.stringify(def.Result);
    addResultSteps(thread, compiled, def.Result, data, run, text);
  } else if (def.Type === 'Parallel') {
    if (options.succeeded) addResultSteps(thread, compiled, parse(options.resultText), data, run, text);
  } else {
    const afterInputPath = effectiveInput(run, thread, compiled);
    data.afterInputPath = text(afterInputPath);
    if (def.Type === 'Pass') {
      const afterParameters = applyTemplate(run, thread, compiled.parameters, afterInputPath);
      data.afterParameters = text(afterParameters);
      addResultSteps(thread, compiled, afterParameters, data, run, text, false);
    } else if (def.Type === 'Task') {
      if (parameters !== undefined) data.afterParameters = parameters;
      if (options.succeeded && options.resultText !== undefined) {
        data.result = options.resultText;
        addResultSteps(thread, compiled, parse(options.resultText), data, run, text);
      }
    } else if (isCompiled(compiled, 'Map')) {
      const def = compiled.def;
      // A failing ItemsPath is the run's failure to report; inspection stops before it.
      const items = attempt(() => mapItems(run, thread, compiled, afterInputPath));
      if (items === undefined && def.ItemReader === undefined) return data;
      if (items !== undefined) data.afterItemsPath = itemsText(items);
      if (options.succeeded) addResultSteps(thread, compiled, parse(options.resultText), data, run, text);
      await mapLimits(run, thread, compiled, data);
    }
  }
  if (options.variables !== undefined && Object.keys(options.variables).length > 0) {
    data.variables = JSON.stringify(options.variables);
  }
  return data;
}

/** ResultSelector then ResultPath on a result (a Pass has no ResultSelector: its result passes as is). */
function addResultSteps(
  thread: ThreadState,
  compiled: CompiledState,
  result: JsonValue,
  data: InspectionData,
  run: Run,
  text: (value: JsonValue) => string,
  selects = true,
): void {
  const selected = selects ? applyTemplate(run, thread, compiled.resultSelector, result) : result;
  data.afterResultSelector = text(selected);
  data.afterResultPath = text(applyResultPath(thread, compiled.resultPath, selected));
}

async function mapLimits(run: Run, thread: ThreadState, compiled: CompiledMap, data: InspectionData): Promise<void> {
  const def = compiled.def;
  const input = thread.input.value;
  data.maxConcurrency =
    compiled.queryLanguage === 'JSONata'
      ? numberOr(await fieldValue(run, thread, compiled, 'MaxConcurrency'), 0)
      : mapMaxConcurrency(run, thread, compiled, def, input);
  const count =
    compiled.queryLanguage === 'JSONata'
      ? await fieldValue(run, thread, compiled, 'ToleratedFailureCount')
      : def.ToleratedFailureCount;
  if (typeof count === 'number') data.toleratedFailureCount = count;
  const percentage =
    compiled.queryLanguage === 'JSONata'
      ? await fieldValue(run, thread, compiled, 'ToleratedFailurePercentage')
      : def.ToleratedFailurePercentage;
  if (typeof percentage === 'number') data.toleratedFailurePercentage = percentage;
}

function attempt<T>(body: () => T): T | undefined {
  try {
    return body();
  } catch (error) {
    if (error instanceof StatesFailure) return undefined;
    throw error;
  }
}

function numberOr(value: JsonValue | undefined, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** The effective parameters the task was called with, as the engine recorded them. */
function scheduledParameters(events: readonly HistoryEvent[]): string | undefined {
  for (const event of events) {
    const task = event.taskScheduledEventDetails as { parameters?: string } | undefined;
    if (task?.parameters !== undefined) return task.parameters;
    const lambda = event.lambdaFunctionScheduledEventDetails as { input?: string } | undefined;
    if (lambda?.input !== undefined) return lambda.input;
  }
  return undefined;
}

function parse(text: string | undefined): JsonValue {
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

/**
 * The items as AWS shows them: each item's compact JSON, joined by ", " (a list of items printed, not a
 * JSON array serialised), so `{"Values": ["a", "b"]}` with ItemsPath `$.Values` shows `["a", "b"]`.
 */
function itemsText(items: readonly JsonValue[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}

/** AWS shows a value it passed through unchanged with the text it was given: keep that text when it fits. */
export function textOf(value: JsonValue, texts: readonly string[]): string {
  for (const candidate of texts) {
    if (jsonEquals(parse(candidate), value)) return candidate;
  }
  return JSON.stringify(value);
}
