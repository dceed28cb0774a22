// Map: runs its processor once per item as child threads, at most MaxConcurrency at a time; the output is
// the iteration outputs in item order. Distributed maps record a map run instead of iteration events.

import { StatesErrors, StatesFailure } from '../asl/errors.ts';
import type { MapState } from '../asl/types.ts';
import { effectiveInput } from '../engine/io.ts';
import type { CompiledMap } from '../engine/machine.ts';
import { ChildLaunch } from '../engine/child-launch.ts';
import { arrayPayload, payloadFromText, payloadOf } from '../engine/payload.ts';
import type { Outcome, StateContext, TaskAnswer, ThreadEnd } from '../engine/state-context.ts';
import { leaveState } from '../engine/state-exit.ts';
import { takeRedrive } from '../engine/redrive.ts';
import type { MapPending, MapRunOutcome, MapRunSpec, Payload, ThreadState } from '../engine/types.ts';
import type { JsonValue } from '../json/json-value.ts';
import { jsonataMapSettings, type MapSettings } from './map-jsonata.ts';
import { batchItems } from './map-batcher.ts';
import { ItemSelection } from './map-item-selector.ts';
import { itemsRead, iterationInputs, mapRunFailed, requestItems, writeResults } from './map-run.ts';
import { readResults, resultsHeld } from './map-parts.ts';
import { mapItems, mapMaxConcurrency, mapTolerance, toleranceExceeded } from './map-settings.ts';

export async function executeMap(run: StateContext, thread: ThreadState, state: CompiledMap): Promise<Outcome> {
  const def = state.def;
  const jsonata = state.queryLanguage === 'JSONata';
  const input = jsonata ? thread.input.value : effectiveInput(run, thread, state);
  // An ItemReader's items come from S3 after MapRunStarted: ItemsPath and Items do not apply.
  const reading = def.ItemReader !== undefined;
  const jsonataSettings = jsonata ? await jsonataMapSettings(run, thread, state, reading) : undefined;
  const { items, maxConcurrency } = jsonataSettings ?? jsonPathSettings(run, thread, state, def, input, reading);
  run.history.record(thread, 'MapStateStarted', { mapStateStartedEventDetails: { length: items.length } });
  // JSONPath reads the tolerance after MapStateStarted: AWS records that event before a bad value fails.
  const limits = jsonataSettings ?? mapTolerance(run, thread, state, def, input);
  const processor = def.ItemProcessor ?? def.Iterator;
  const distributed = processor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
  const pending: MapPending = {
    kind: 'map',
    input,
    items,
    results: [],
    nextIndex: 0,
    running: 0,
    maxConcurrency,
    failures: 0,
    completed: 0,
    toleratedCount: limits.toleratedCount,
    toleratedPercentage: limits.toleratedPercentage,
    distributed,
  };
  if (def.ResultWriter !== undefined) pending.failed = {};
  if (distributed) startOrRedriveRun(run, thread, def, pending);
  if (reading) return requestItems(run, thread, state, def, pending);
  return beginIterations(run, thread, state, def, pending, items);
}

/** Starts the iterations once the items are known (from the input, or read by the ItemReader). */
async function beginIterations(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  def: MapState,
  pending: MapPending,
  items: JsonValue[],
): Promise<Outcome> {
  const batches = await batchItems(run, thread, state, def, pending.input, items);
  pending.items = batches ?? items;
  if (batches !== undefined) pending.batched = true;
  // A redrive runs only the iterations that did not succeed.
  const redriven = takeRedrive(thread, pending.items.length);
  pending.results = redriven?.results ?? pending.items.map(() => null);
  pending.completed = pending.results.filter((result) => result !== null).length;
  if (redriven !== undefined) pending.redrive = redriven.threads;
  if (pending.items.length === 0) return succeedMap(run, thread, state, def, pending);
  if (pending.distributed) return startMapRun(run, thread, state, def, pending);
  return startIterations(run, thread, state, pending);
}

/**
 * A Distributed Map's children are executions of their own, run by the runtime as a map run: the Map
 * hands over their inputs and waits for MapRunEnded, so that its thread does not step once per child.
 */
async function startMapRun(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  def: MapState,
  pending: MapPending,
): Promise<Outcome> {
  const processor = def.ItemProcessor ?? def.Iterator;
  const { ProcessorConfig: config, ...block } = processor ?? { StartAt: '', States: {} };
  const language = run.machine.definition.QueryLanguage;
  const definition = JSON.stringify(language === undefined ? block : { QueryLanguage: language, ...block });
  const spec: MapRunSpec = {
    mapRunArn: pending.mapRunArn ?? '',
    definition,
    executionType: config?.ExecutionType ?? 'STANDARD',
    roleArn: run.state.execution.roleArn,
    inputs: await iterationInputs(run, thread, state, pending),
    maxConcurrency: pending.maxConcurrency,
  };
  if (pending.toleratedCount !== undefined) spec.toleratedFailureCount = pending.toleratedCount;
  if (pending.toleratedPercentage !== undefined) spec.toleratedFailurePercentage = pending.toleratedPercentage;
  if (pending.mapRunRedriveCount !== undefined) spec.redriveCount = pending.mapRunRedriveCount;
  if (def.ResultWriter?.Resource !== undefined) spec.resultsStay = true;
  return { kind: 'invoke', call: { kind: 'mapRunChildren', map: pending, spec } };
}

/** The end of a Distributed Map's run: the results in item order, or the tolerance exceeded. */
function resumeMapRun(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  pending: MapPending,
  outcome: MapRunOutcome,
): Outcome | Promise<Outcome> {
  const def = state.def;
  if (outcome.status === 'FAILED') {
    const failure = { error: StatesErrors.ExceedToleratedFailureThreshold, cause: toleranceCause };
    run.history.record(thread, 'MapRunFailed');
    return { kind: 'fail', failure, failedEvent: 'MapStateFailed' };
  }
  pending.results = outcome.outputs.map((text) => (text === null ? null : payloadFromText(text)));
  pending.completed = pending.items.length;
  pending.failures = Object.keys(outcome.failures).length;
  if (pending.failed !== undefined) pending.failed = { ...outcome.failures };
  if (outcome.inStore === true) pending.resultsInStore = true;
  return succeedMap(run, thread, state, def, pending);
}

const toleranceCause = 'The specified tolerated failure threshold was exceeded';

/** The answer to the ItemReader's or ResultWriter's call, or the end of the children's map run. */
export async function resumeMapRunTask(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  answer: TaskAnswer,
): Promise<Outcome> {
  const pending = thread.pending;
  const def = state.def;
  if (pending?.kind !== 'map') return { kind: 'block' };
  if (answer.call === 'mapRunChildren') {
    return 'mapRun' in answer ? resumeMapRun(run, thread, state, pending, answer.mapRun) : { kind: 'block' };
  }
  if (answer.call === 'resultWriter') {
    if ('failure' in answer) {
      return mapRunFailed(run, thread, { ...answer.failure, error: StatesErrors.ResultWriterFailed });
    }
    return finishMap(run, thread, state, pending, payloadOf(pending.writtenOutput ?? {}));
  }
  if ('failure' in answer)
    return mapRunFailed(run, thread, { ...answer.failure, error: StatesErrors.ItemReaderFailed });
  let items: JsonValue[];
  try {
    items = itemsRead(def, pending, answer.output);
  } catch (error) {
    if (!(error instanceof StatesFailure)) throw error;
    return mapRunFailed(run, thread, { error: error.error, cause: error.cause ?? '' });
  }
  return run.guard(thread, () => beginIterations(run, thread, state, def, pending, items));
}

/** JSONPath: ItemsPath and MaxConcurrency or its Path form. */
function jsonPathSettings(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  def: MapState,
  input: JsonValue,
  reading: boolean,
): Pick<MapSettings, 'items' | 'maxConcurrency'> {
  return {
    items: reading ? [] : mapItems(run, thread, state, input),
    maxConcurrency: mapMaxConcurrency(run, thread, state, def, input),
  };
}

/** A redriven Map whose run had started redrives that run (MapRunRedriven); otherwise a new run starts. */
function startOrRedriveRun(run: StateContext, thread: ThreadState, def: MapState, pending: MapPending): void {
  const previous = thread.redrive?.mapRun;
  if (previous === undefined) {
    pending.mapRunArn = mapRunArn(run, def);
    run.history.record(thread, 'MapRunStarted', { mapRunStartedEventDetails: { mapRunArn: pending.mapRunArn } });
    return;
  }
  pending.mapRunArn = previous.arn;
  pending.mapRunRedriveCount = previous.redriveCount + 1;
  run.history.record(thread, 'MapRunRedriven', {
    mapRunRedrivenEventDetails: { mapRunArn: previous.arn, redriveCount: pending.mapRunRedriveCount },
  });
}

function mapRunArn(run: StateContext, def: MapState): string {
  const machineArn = run.state.execution.stateMachineArn;
  const prefix = machineArn.replace(':stateMachine:', ':mapRun:');
  return `${prefix}/${def.Label ?? run.ctx.services.uuid()}:${run.ctx.services.uuid()}`;
}

/** Asks the engine to start iterations, up to MaxConcurrency running (a `fork` intent). */
async function startIterations(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  pending: MapPending,
): Promise<Outcome> {
  // Each iteration is queued once all are known, the lowest index to run first; its thread is created
  // only when it runs (ChildLaunch).
  const launch = new ChildLaunch(thread, state.children[0] ?? '', thread.recorded && !pending.distributed);
  // Batches went through ItemSelector item by item already (map-batcher.ts).
  const selection = pending.batched === true ? undefined : new ItemSelection(run, thread, state, pending.input);
  const limit = pending.maxConcurrency === 0 ? Number.POSITIVE_INFINITY : pending.maxConcurrency;
  while (pending.running < limit && pending.nextIndex < pending.items.length) {
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
    const selected = selection === undefined ? value : selection.select(index, value);
    // Only a JSONata ItemSelector needs awaiting: an await per item would cost a turn each.
    const input = selected instanceof Promise ? await selected : selected;
    recordIterationStarted(run, thread, state, pending, index);
    pending.running += 1;
    launch.add(index, input, thread.cursor);
  }
  return { kind: 'fork', children: pending, launch };
}

function recordIterationStarted(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  pending: MapPending,
  index: number,
): void {
  if (pending.distributed) return;
  run.history.recordMapIteration(thread, 'Started', index, state.name);
}

export function onIterationEnded(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
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
    if (pending.failed !== undefined) pending.failed[index] = end.failure;
  } else {
    pending.results[index] = end.output;
  }
  if (pending.completed === pending.items.length) {
    if (succeeded) thread.cursor = lastId;
    return succeedMap(run, thread, state, state.def, pending);
  }
  // Nothing left to start (always so without a MaxConcurrency): no promise to wait for.
  if (pending.nextIndex === pending.items.length) return { kind: 'block' };
  return startIterations(run, thread, state, pending);
}

function failMap(
  run: StateContext,
  thread: ThreadState,
  pending: MapPending,
  end: ThreadEnd & { kind: 'failed' },
): Outcome {
  abortRunningIterations(run, thread, pending, run.currentState(thread).name);
  pending.running = 0;
  const tolerant = pending.toleratedCount !== undefined || pending.toleratedPercentage !== undefined;
  const failure =
    tolerant || pending.distributed
      ? { error: StatesErrors.ExceedToleratedFailureThreshold, cause: toleranceCause }
      : end.failure;
  if (pending.distributed) run.history.record(thread, 'MapRunFailed');
  return { kind: 'fail', failure, failedEvent: 'MapStateFailed' };
}

function succeedMap(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  def: MapState,
  pending: MapPending,
): Outcome | Promise<Outcome> {
  // The results the runtime left in its store are read once, here (see map-parts.ts).
  if (!resultsHeld(pending)) {
    return readResults(run, thread, pending).then(() => succeedMap(run, thread, state, def, pending));
  }
  const results = arrayPayload(pending.results);
  if (def.ResultWriter === undefined) return finishMap(run, thread, state, pending, results);
  return writeResults(run, thread, state, def, pending, results.value as JsonValue[]).then((written) =>
    'reshaped' in written ? finishMap(run, thread, state, pending, payloadOf(written.reshaped)) : written,
  );
}

function finishMap(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  pending: MapPending,
  output: Payload,
): Outcome | Promise<Outcome> {
  // A distributed Map's MapStateExited follows MapRunStarted: AWS's recordings since late 2024.
  const runSucceeded = pending.distributed
    ? run.history.record(thread, 'MapRunSucceeded', undefined, { advance: false })
    : undefined;
  run.history.record(thread, 'MapStateSucceeded', undefined, { advance: false, after: runSucceeded });
  return run.guard(thread, () =>
    leaveState(run, thread, state, output.value, { hasResult: true, resultPayload: output }),
  );
}

/** Aborts the iterations still running, each followed by AWS's MapIterationAborted (inline Maps only). */
function abortRunningIterations(run: StateContext, thread: ThreadState, pending: MapPending, name: string): void {
  const aborted = run.abortChildren(thread, mapChildIds(thread, pending));
  if (pending.distributed) return;
  for (const iteration of aborted) {
    if (iteration.parent !== undefined) run.history.recordMapIterationAborted(iteration, iteration.parent.index, name);
  }
}

/** Ids of the iterations started so far (ended ones are no longer in the thread table). */
export function mapChildIds(thread: ThreadState, pending: MapPending): string[] {
  return Array.from({ length: pending.nextIndex }, (_, index) => `${thread.id}.${index}`);
}

/** Aborted while its iterations run: they are aborted too. */
export function abortIterations(run: StateContext, thread: ThreadState, state: CompiledMap): void {
  if (thread.pending?.kind === 'map') abortRunningIterations(run, thread, thread.pending, state.name);
}
