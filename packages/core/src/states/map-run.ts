// A Distributed Map's work on S3, asked of the engine as `invoke` intents and performed by the runtime as
// InvokeTask commands marked `mapRun`:
// ItemReader reads the items (after MapRunStarted; a failure is MapRunFailed with States.ItemReaderFailed)
// and ResultWriter writes the results, a manifest and one file per status, before MapRunSucceeded. The
// engine evaluates the parameters and parses and formats the contents; the runtime only gets and puts.

import { StatesErrors, StatesFailure, type Failure } from '../asl/errors.ts';
import type { MapState } from '../asl/types.ts';
import type { CompiledMap } from '../engine/machine.ts';
import { utf8Length } from '../engine/payload.ts';
import type { Outcome, StateContext } from '../engine/state-context.ts';
import type { MapPending, ThreadState } from '../engine/types.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import { ItemSelection } from './map-item-selector.ts';
import { maxReaderItems, readerFailure, readerItems, type ReaderFormat } from './map-reader-formats.ts';
import { objectField, settingValue, templateValue, wholeNumber } from './nested-settings.ts';

/** Asks the runtime for the items; an outcome when the request cannot be made (a bad MaxItems, ...). */
export async function requestItems(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  def: MapState,
  pending: MapPending,
): Promise<Outcome> {
  const reader = def.ItemReader ?? {};
  try {
    const config = objectField(reader, 'ReaderConfig') ?? {};
    const maxItems = await settingValue(run, thread, config, 'MaxItems', pending.input);
    pending.readerLimit = readerLimit(maxItems);
    const parameters = await requestParameters(run, thread, state, reader, pending.input);
    return mapRunCall(state, pending, 'itemReader', resourceOf(reader), parameters);
  } catch (error) {
    if (!(error instanceof StatesFailure)) throw error;
    return mapRunFailed(run, thread, { error: StatesErrors.ItemReaderFailed, cause: error.cause ?? error.error });
  }
}

/** MaxItems: 0 or absent reads everything; AWS stops at 100,000,000 items. */
function readerLimit(value: JsonValue | undefined): number {
  if (value === undefined) return maxReaderItems;
  const number = wholeNumber(value);
  if (number === undefined) throw readerFailure(`field MaxItems must be an integer, but was ${JSON.stringify(value)}`);
  if (number < 0) throw readerFailure('field MaxItems must be positive');
  return number === 0 ? maxReaderItems : Math.min(number, maxReaderItems);
}

/** The S3 request's Parameters (JSONPath) or Arguments (JSONata), of the reader or the writer. */
async function requestParameters(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  holder: JsonObject,
  input: JsonValue,
): Promise<JsonValue> {
  const field = state.queryLanguage === 'JSONata' ? 'Arguments' : 'Parameters';
  return (await templateValue(run, thread, state, holder, field, input)) ?? {};
}

/** The engine makes the call (an `invoke` intent) while the Map waits on `pending`. */
function mapRunCall(
  state: CompiledMap,
  pending: MapPending,
  purpose: 'itemReader' | 'resultWriter',
  resource: string,
  input: JsonValue,
): Outcome {
  return { kind: 'invoke', call: { kind: 'mapRun', map: pending, purpose, resource, input, stateName: state.name } };
}

/** The items in what the reader got (the object's text, or the listed objects). */
export function itemsRead(def: MapState, pending: MapPending, output: string): JsonValue[] {
  const reader = def.ItemReader ?? {};
  const config = objectField(reader, 'ReaderConfig') ?? {};
  const format: ReaderFormat = {};
  const text = (field: string): string | undefined => {
    const value = config[field];
    return typeof value === 'string' ? value : undefined;
  };
  // ListObjectsV2 lists objects; getObject reads one, in the InputType its ReaderConfig names.
  if (!resourceOf(reader).endsWith(':listObjectsV2')) format.inputType = text('InputType') ?? 'JSON';
  const headerLocation = text('CSVHeaderLocation');
  if (headerLocation !== undefined) format.csvHeaderLocation = headerLocation;
  if (config.CSVHeaders !== undefined) format.csvHeaders = config.CSVHeaders;
  const delimiter = text('CSVDelimiter');
  if (delimiter !== undefined) format.csvDelimiter = delimiter;
  const pointer = text('ItemsPointer');
  if (pointer !== undefined) format.itemsPointer = pointer;
  return readerItems(format, JSON.parse(output) as JsonValue, pending.readerLimit ?? maxReaderItems);
}

/** Records MapRunFailed with the failure, then the Map fails (Retry and Catch apply). */
export function mapRunFailed(run: StateContext, thread: ThreadState, failure: Failure): Outcome {
  run.history.record(thread, 'MapRunFailed', { mapRunFailedEventDetails: failureFields(failure) });
  return { kind: 'fail', failure, failedEvent: 'MapStateFailed' };
}

function failureFields(failure: Failure): Record<string, string> {
  return failure.cause === undefined ? { error: failure.error } : { error: failure.error, cause: failure.cause };
}

/**
 * ResultWriter with a Resource asks the engine to write the result files (an `invoke` intent);
 * WriterConfig alone only reshapes the outputs, which are returned. Failed iterations are in `pending.failed`.
 */
export async function writeResults(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  def: MapState,
  pending: MapPending,
  outputs: JsonValue[],
): Promise<{ reshaped: JsonValue } | Outcome> {
  const writer = def.ResultWriter ?? {};
  const config = objectField(writer, 'WriterConfig') ?? {};
  const transformation = typeof config.Transformation === 'string' ? config.Transformation : undefined;
  const outputType = config.OutputType === 'JSONL' ? 'JSONL' : 'JSON';
  if (writer.Resource === undefined) return { reshaped: transformed(outputs, transformation ?? 'COMPACT') };
  try {
    const parameters = await requestParameters(run, thread, state, writer, pending.input);
    const location = isObject(parameters) ? parameters : {};
    const bucket = typeof location.Bucket === 'string' ? location.Bucket : '';
    const prefix = typeof location.Prefix === 'string' ? location.Prefix.replace(/\/+$/, '') : '';
    const runArn = pending.mapRunArn ?? '';
    const runId = runArn.slice(runArn.lastIndexOf(':') + 1);
    const base = prefix === '' ? runId : `${prefix}/${runId}`;
    pending.writtenOutput = {
      MapRunArn: runArn,
      ResultWriterDetails: { Bucket: bucket, Key: `${base}/manifest.json` },
    };
    const target = { base, bucket, transformation, outputType } as const;
    if (pending.resultsInStore === true) {
      // The runtime streams the files from the children's records: no one holds every result at once.
      const fromStore = storedResultsRequest(run, pending, target);
      return mapRunCall(state, pending, 'resultWriter', resourceOf(writer), fromStore);
    }
    const inputs = await iterationInputs(run, thread, state, pending);
    const objects = resultObjects(run, pending, inputs, outputs, target);
    return mapRunCall(state, pending, 'resultWriter', resourceOf(writer), { Bucket: bucket, Objects: objects });
  } catch (error) {
    if (!(error instanceof StatesFailure)) throw error;
    return mapRunFailed(run, thread, { error: StatesErrors.ResultWriterFailed, cause: error.cause ?? error.error });
  }
}

interface WriteTarget {
  base: string;
  bucket: string;
  transformation: string | undefined;
  outputType: 'JSON' | 'JSONL';
}

/** What each iteration was given: its batch, or its item through ItemSelector. */
export async function iterationInputs(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  pending: MapPending,
): Promise<JsonValue[]> {
  if (pending.batched === true) return pending.items;
  const selection = new ItemSelection(run, thread, state, pending.input);
  const inputs: JsonValue[] = [];
  for (const [index, item] of pending.items.entries()) inputs.push(await selection.select(index, item));
  return inputs;
}

/**
 * The ResultWriter's request when the results stayed with the children: where and how to write them
 * (`FromMapRun` names the run whose children's records the runtime reads).
 */
function storedResultsRequest(run: StateContext, pending: MapPending, target: WriteTarget): JsonObject {
  return {
    Bucket: target.bucket,
    Base: target.base,
    FromMapRun: pending.mapRunArn ?? '',
    StateMachineArn: run.state.execution.stateMachineArn,
    Transformation: target.transformation ?? 'NONE',
    OutputType: target.outputType,
  };
}

/** The files AWS writes: one per status with results, and manifest.json listing them. */
function resultObjects(
  run: StateContext,
  pending: MapPending,
  inputs: JsonValue[],
  outputs: JsonValue[],
  target: WriteTarget,
): JsonObject[] {
  const succeeded: JsonValue[] = [];
  const failed: JsonValue[] = [];
  const machineArn = run.state.execution.stateMachineArn;
  const executionPrefix = (pending.mapRunArn ?? '').replace(':mapRun:', ':execution:');
  const transformation = target.transformation ?? 'NONE';
  inputs.forEach((input, index) => {
    const failure = pending.failed?.[index];
    const entry: JsonObject = {
      ExecutionArn: `${executionPrefix}-${index}`,
      Input: JSON.stringify(input),
      InputDetails: { Included: true },
      Name: `${index}`,
      StateMachineArn: machineArn,
      Status: failure === undefined ? 'SUCCEEDED' : 'FAILED',
    };
    if (failure !== undefined) {
      failed.push({ ...entry, ...(failure.error === '' ? {} : { Error: failure.error }), Cause: failure.cause ?? '' });
    } else if (transformation === 'NONE') {
      succeeded.push({ ...entry, Output: JSON.stringify(outputs[index] ?? null), OutputDetails: { Included: true } });
    } else {
      succeeded.push(outputs[index] ?? null);
    }
  });
  const successes = transformation === 'NONE' ? succeeded : transformed(succeeded, transformation);
  const objects: JsonObject[] = [];
  const files: Record<string, JsonValue[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const [status, entries] of [
    ['SUCCEEDED', successes],
    ['FAILED', failed],
  ] as const) {
    if (entries.length === 0) continue;
    const extension = target.outputType === 'JSONL' ? 'jsonl' : 'json';
    const key = `${target.base}/${status}_0.${extension}`;
    const body =
      target.outputType === 'JSONL'
        ? entries.map((entry) => JSON.stringify(entry)).join('\n')
        : JSON.stringify(entries);
    objects.push({ Key: key, Body: body });
    files[status]?.push({ Key: key, Size: utf8Length(body) });
  }
  const manifest = { DestinationBucket: target.bucket, MapRunArn: pending.mapRunArn ?? '', ResultFiles: files };
  objects.push({ Key: `${target.base}/manifest.json`, Body: JSON.stringify(manifest) });
  return objects;
}

/** WriterConfig's Transformation of the iterations' outputs: FLATTEN spreads the arrays among them. */
function transformed(outputs: JsonValue[], transformation: string): JsonValue[] {
  return transformation === 'FLATTEN'
    ? outputs.flatMap((output) => (Array.isArray(output) ? output : [output]))
    : outputs;
}

function resourceOf(holder: JsonObject): string {
  return typeof holder.Resource === 'string' ? holder.Resource : '';
}

function isObject(value: JsonValue): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
