// A mocked Map still evaluates its own fields before the mock stands in for its iterations: its items
// (ItemsPath or Items must give an array) and its tolerance, against which
// stateConfiguration.mapIterationFailureCount decides whether the Map fails.

import { StatesErrors, StatesFailure, type Failure } from '../asl/errors.ts';
import type { MapState } from '../asl/types.ts';
import { effectiveInput } from '../engine/io.ts';
import { integerField, numberField } from '../engine/jsonata-field-values.ts';
import { isCompiled, type CompiledMap, type Machine } from '../engine/machine.ts';
import { Run } from '../engine/run.ts';
import type { ThreadState } from '../engine/types.ts';
import { jsonataMapSettings } from '../states/map-jsonata.ts';
import { mapItems, mapTolerance, type MapTolerance } from '../states/map-settings.ts';
import { entryState, entryThread, type EntryOptions } from './entry.ts';
import type { TestStateRequest } from './types.ts';

export interface MockedMapOptions extends EntryOptions {
  /** The machine holding the Map as written. */
  machine: Machine;
  name: string;
  request: TestStateRequest;
}

/** The failure the mocked Map answers with instead of its mock, if any. */
export async function mockedMapFailure(options: MockedMapOptions): Promise<Failure | undefined> {
  const compiled = options.machine.blocks.get('')?.states.get(options.name);
  if (compiled === undefined || !isCompiled(compiled, 'Map')) return undefined;
  const { state, ctx } = entryState(options);
  const run = new Run(options.machine, state, ctx, ctx.now());
  const thread = entryThread(options.name, options.input, options.variables, ctx.now());
  let tolerance: MapTolerance;
  try {
    tolerance = await settings(run, thread, compiled, compiled.def);
  } catch (error) {
    if (!(error instanceof StatesFailure)) throw error;
    return { error: error.error, ...(error.cause === undefined ? {} : { cause: error.cause }) };
  }
  return exceeds(tolerance, options.request)
    ? {
        error: StatesErrors.ExceedToleratedFailureThreshold,
        cause: 'The specified tolerated failure threshold was exceeded',
      }
    : undefined;
}

/** The Map's tolerance, its items checked on the way (an ItemReader's items are the request's, not the input's). */
async function settings(run: Run, thread: ThreadState, compiled: CompiledMap, def: MapState): Promise<MapTolerance> {
  const itemsFromInput = def.ItemReader === undefined;
  if (compiled.queryLanguage === 'JSONata') {
    if (itemsFromInput) return jsonataMapSettings(run, thread, compiled, false);
    return {
      toleratedCount: await integerField(run, thread, compiled, 'ToleratedFailureCount', 0),
      toleratedPercentage: await numberField(run, thread, compiled, 'ToleratedFailurePercentage', 0, 100),
    };
  }
  const input = effectiveInput(run, thread, compiled);
  if (itemsFromInput) mapItems(run, thread, compiled, input);
  return mapTolerance(run, thread, compiled, def, input);
}

/**
 * Whether mapIterationFailureCount of the mock's iterations fail the Map. A Map that declares no tolerance
 * is not failed by it: AWS's TestState answers SUCCEEDED there (unlike an execution, where one failed
 * iteration fails such a Map).
 */
function exceeds(tolerance: MapTolerance, request: TestStateRequest): boolean {
  const failures = request.stateConfiguration?.mapIterationFailureCount ?? 0;
  const result = request.mock?.result === undefined ? undefined : parseJson(request.mock.result);
  if (failures === 0 || !Array.isArray(result)) return false;
  const { toleratedCount, toleratedPercentage } = tolerance;
  return (
    (toleratedCount !== undefined && failures > toleratedCount) ||
    (toleratedPercentage !== undefined && (failures * 100) / Math.max(result.length, 1) > toleratedPercentage)
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
