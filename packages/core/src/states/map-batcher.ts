// ItemBatcher: a Distributed Map's iterations each get a batch, `{ "BatchInput": ..., "Items": [...] }`,
// of at most MaxItemsPerBatch items and MaxInputBytesPerBatch bytes. ItemSelector applies to each item
// before it is batched.

import { StatesErrors, StatesFailure } from '../asl/errors.ts';
import type { MapState } from '../asl/types.ts';
import type { CompiledMap } from '../engine/machine.ts';
import { maxPayloadBytes, utf8Length } from '../engine/payload.ts';
import type { StateContext } from '../engine/state-context.ts';
import type { ThreadState } from '../engine/types.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import { ItemSelection } from './map-item-selector.ts';
import { settingValue, templateValue, wholeNumber } from './nested-settings.ts';

/** The iteration inputs: one batch each. Undefined when the Map has no ItemBatcher. */
export async function batchItems(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  def: MapState,
  input: JsonValue,
  items: readonly JsonValue[],
): Promise<JsonValue[] | undefined> {
  const batcher = def.ItemBatcher;
  if (batcher === undefined) return undefined;
  const maxItems = limit(await settingValue(run, thread, batcher, 'MaxItemsPerBatch', input), 'MaxItemsPerBatch');
  const maxBytes = limit(
    await settingValue(run, thread, batcher, 'MaxInputBytesPerBatch', input),
    'MaxInputBytesPerBatch',
  );
  const batchInput = await templateValue(run, thread, state, batcher, 'BatchInput', input);
  const byteLimit = Math.min(maxBytes ?? maxPayloadBytes, maxPayloadBytes);
  const itemLimit = maxItems ?? Number.POSITIVE_INFINITY;
  // The bytes a batch takes besides its items: `{"BatchInput":...,"Items":[]}`.
  const frame = utf8Length(JSON.stringify(batchOf(batchInput, [])));
  const batches: JsonValue[] = [];
  let current: JsonValue[] = [];
  let bytes = frame;
  const selection = new ItemSelection(run, thread, state, input);
  for (let index = 0; index < items.length; index++) {
    const selected = selection.select(index, items[index] ?? null);
    const item = selected instanceof Promise ? await selected : selected;
    const size = utf8Length(JSON.stringify(item));
    // A comma separates an item from the one before it.
    if (current.length > 0 && (current.length >= itemLimit || bytes + 1 + size > byteLimit)) {
      batches.push(batchOf(batchInput, current));
      current = [];
      bytes = frame;
    }
    bytes += size + (current.length > 0 ? 1 : 0);
    current.push(item);
  }
  if (current.length > 0) batches.push(batchOf(batchInput, current));
  return batches;
}

function batchOf(batchInput: JsonValue | undefined, items: JsonValue[]): JsonObject {
  return batchInput === undefined ? { Items: items } : { BatchInput: batchInput, Items: items };
}

function limit(value: JsonValue | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const number = wholeNumber(value);
  if (number === undefined || number < 1) {
    throw new StatesFailure(
      StatesErrors.Runtime,
      `The ItemBatcher field ${field} must be a positive integer, but was ${JSON.stringify(value)}.`,
    );
  }
  return number;
}
