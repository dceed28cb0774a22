// Map: runs its processor once per item as child threads, at most MaxConcurrency at a time; the output is
// the iteration outputs in item order. Distributed maps record a map run instead of iteration events.

import { StatesErrors } from '../asl/errors.ts';
import type { MapState } from '../asl/types.ts';
import { effectiveInput } from '../engine/io.ts';
import type { CompiledState } from '../engine/machine.ts';
import { ChildLaunch } from '../engine/child-launch.ts';
import { arrayPayload } from '../engine/payload.ts';
import type { Outcome, Run, ThreadEnd } from '../engine/run.ts';
import { jsonataScope, leaveState } from '../engine/state-exit.ts';
import { takeRedrive } from '../engine/redrive.ts';
import type { MapPending, ThreadState } from '../engine/types.ts';
import type { JsonValue } from '../json/json-value.ts';
import { jsonataMapSettings, type MapSettings } from './map-jsonata.ts';
import { mapItems, mapMaxConcurrency, mapTolerance, toleranceExceeded } from './map-settings.ts';

export async function executeMap(run: Run, thread: ThreadState, state: CompiledState, def: MapState): Promise<Outcome> {
  const jsonata = state.queryLanguage === 'JSONata';
  const input = jsonata ? thread.input.value : effectiveInput(run, thread, state);
  const jsonataSettings = jsonata ? await jsonataMapSettings(run, thread, state) : undefined;
  const { items, maxConcurrency } = jsonataSettings ?? jsonPathSettings(run, thread, state, def, input);
  run.history.record(thread, 'MapStateStarted', { mapStateStartedEventDetails: { length: items.length } });
  // JSONPath reads the tolerance after MapStateStarted: AWS records that event before a bad value fails.
  const limits = jsonataSettings ?? mapTolerance(run, thread, state, def, input);
  const processor = def.ItemProcessor ?? def.Iterator;
  const distributed = processor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
  // A redrive runs only the iterations that did not succeed.
  const redriven = takeRedrive(thread, items.length);
  const results = redriven?.results ?? items.map(() => null);
  const pending: MapPending = {
    kind: 'map',
    input,
    items,
    results,
    nextIndex: 0,
    running: 0,
    maxConcurrency: maxConcurrency === 0 ? Number.POSITIVE_INFINITY : maxConcurrency,
    failures: 0,
    completed: results.filter((result) => result !== null).length,
    toleratedCount: limits.toleratedCount,
    toleratedPercentage: limits.toleratedPercentage,
    distributed,
  };
  if (redriven !== undefined) pending.redrive = redriven.threads;
  thread.pending = pending;
  if (distributed) {
    pending.mapRunArn = mapRunArn(run, def);
    run.history.record(thread, 'MapRunStarted', { mapRunStartedEventDetails: { mapRunArn: pending.mapRunArn } });
  }
  if (items.length === 0) return succeedMap(run, thread, state, pending);
  await startIterations(run, thread, state, pending);
  return { kind: 'block' };
}

/** JSONPath: ItemsPath and MaxConcurrency or its Path form. */
function jsonPathSettings(
  run: Run,
  thread: ThreadState,
  state: CompiledState,
  def: MapState,
  input: JsonValue,
): Pick<MapSettings, 'items' | 'maxConcurrency'> {
  return {
    items: mapItems(run, thread, state, input),
    maxConcurrency: mapMaxConcurrency(run, thread, state, def, input),
  };
}

function mapRunArn(run: Run, def: MapState): string {
  const machineArn = run.state.execution.stateMachineArn;
  const prefix = machineArn.replace(':stateMachine:', ':mapRun:');
  return `${prefix}/${def.Label ?? run.ctx.services.uuid()}:${run.ctx.services.uuid()}`;
}

async function startIterations(
  run: Run,
  thread: ThreadState,
  state: CompiledState,
  pending: MapPending,
): Promise<void> {
  // Each iteration is queued once all are known, the lowest index to run first; its thread is created
  // only when it runs (ChildLaunch).
  const launch = new ChildLaunch(thread, state.children[0] ?? '', thread.recorded && !pending.distributed);
  const selectorScope = state.itemSelector ? run.scope(thread, pending.input) : undefined;
  const jsonataSelector = state.jsonata.get('ItemSelector');
  const selectorJsonataScope = jsonataSelector ? jsonataScope(run, thread) : undefined;
  const jsonataStates = selectorJsonataScope?.states as Record<string, JsonValue> | undefined;
  while (pending.running < pending.maxConcurrency && pending.nextIndex < pending.items.length) {
    const index = pending.nextIndex++;
    // Only a redrive has results before an iteration starts: that iteration succeeded before.
    if (pending.results[index] !== null) continue;
    const unfinished = pending.redrive?.[index];
    if (pending.redrive !== undefined && unfinished !== undefined) {
      Reflect.deleteProperty(pending.redrive, index);
      recordIterationStarted(run, thread, state, pending, index);
      pending.running += 1;
      launch.addRestored(index, unfinished, thread.cursor);
      continue;
    }
    const value = pending.items[index] ?? null;
    let input = value;
    if (state.itemSelector && selectorScope) {
      const item = { Map: { Item: { Index: index, Value: value } } };
      input = state.itemSelector.evaluate({
        ...selectorScope,
        context: { ...(selectorScope.context as object), ...item },
      });
    } else if (jsonataSelector && selectorJsonataScope && jsonataStates) {
      const item = { Map: { Item: { Index: index, Value: value } } };
      const states = { ...jsonataStates, context: { ...(jsonataStates.context as object), ...item } };
      input = await jsonataSelector.evaluate({ ...selectorJsonataScope, states });
    }
    recordIterationStarted(run, thread, state, pending, index);
    pending.running += 1;
    launch.add(index, input, thread.cursor);
  }
  run.startLaunch(launch);
}

function recordIterationStarted(
  run: Run,
  thread: ThreadState,
  state: CompiledState,
  pending: MapPending,
  index: number,
): void {
  if (pending.distributed) return;
  run.history.recordMapIteration(thread, 'Started', index, state.name);
}

export function onIterationEnded(
  run: Run,
  thread: ThreadState,
  state: CompiledState,
  child: ThreadState,
  end: ThreadEnd,
): Outcome | Promise<Outcome> {
  const pending = thread.pending;
  if (pending?.kind !== 'map' || child.parent === undefined) return { kind: 'block' };
  const index = child.parent.index;
  pending.running -= 1;
  pending.completed += 1;
  thread.cursor = child.cursor;
  const succeeded = end.kind === 'succeeded';
  let lastId = thread.cursor;
  if (!pending.distributed) {
    lastId = run.history.recordMapIteration(thread, succeeded ? 'Succeeded' : 'Failed', index, state.name);
  }
  if (end.kind === 'failed') {
    pending.failures += 1;
    if (toleranceExceeded(pending)) return failMap(run, thread, pending, end);
    pending.results[index] = null;
  } else {
    pending.results[index] = end.output;
  }
  if (pending.completed === pending.items.length) {
    if (succeeded) thread.cursor = lastId;
    return succeedMap(run, thread, state, pending);
  }
  // Nothing left to start (always so without a MaxConcurrency): no promise to wait for.
  if (pending.nextIndex === pending.items.length) return { kind: 'block' };
  return startIterations(run, thread, state, pending).then(() => ({ kind: 'block' }));
}

function failMap(run: Run, thread: ThreadState, pending: MapPending, end: ThreadEnd & { kind: 'failed' }): Outcome {
  run.abortChildren(thread, mapChildIds(thread, pending));
  pending.running = 0;
  const tolerant = pending.toleratedCount !== undefined || pending.toleratedPercentage !== undefined;
  const failure =
    tolerant || pending.distributed
      ? {
          error: StatesErrors.ExceedToleratedFailureThreshold,
          cause: 'The specified tolerated failure threshold was exceeded',
        }
      : end.failure;
  if (pending.distributed) run.history.record(thread, 'MapRunFailed');
  return { kind: 'fail', failure, failedEvent: 'MapStateFailed' };
}

function succeedMap(
  run: Run,
  thread: ThreadState,
  state: CompiledState,
  pending: MapPending,
): Outcome | Promise<Outcome> {
  // A distributed Map's MapStateExited follows MapRunStarted: AWS's recordings since late 2024.
  const runSucceeded = pending.distributed
    ? run.history.record(thread, 'MapRunSucceeded', undefined, { advance: false })
    : undefined;
  run.history.record(thread, 'MapStateSucceeded', undefined, { advance: false, after: runSucceeded });
  const results = arrayPayload(pending.results);
  return run.guard(thread, () =>
    leaveState(run, thread, state, results.value, { hasResult: true, resultPayload: results }),
  );
}

/** Ids of the iterations started so far (ended ones are no longer in the thread table). */
export function mapChildIds(thread: ThreadState, pending: MapPending): string[] {
  return Array.from({ length: pending.nextIndex }, (_, index) => `${thread.id}.${index}`);
}
