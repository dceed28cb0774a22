// A Map's items and limits, read from the definition or through their Path forms, with AWS's errors.

import { StatesErrors, StatesFailure } from '../asl/errors.ts';
import type { MapState } from '../asl/types.ts';
import type { CompiledMap } from '../engine/machine.ts';
import type { CompiledPath } from '../expressions/jsonpath.ts';
import type { StateContext } from '../engine/state-context.ts';
import type { MapPending, ThreadState } from '../engine/types.ts';
import type { JsonValue } from '../json/json-value.ts';

export interface MapTolerance {
  toleratedCount: number | undefined;
  toleratedPercentage: number | undefined;
}

/** The array to iterate: ItemsPath applied to the effective input, or the input itself. */
export function mapItems(run: StateContext, thread: ThreadState, state: CompiledMap, input: JsonValue): JsonValue[] {
  const itemsPath = state.paths.get('ItemsPath');
  const items = itemsPath === undefined ? input : itemsPath.evaluate(run.scope(thread, input));
  if (items === undefined) {
    throw runtime(`Invalid path '${itemsPath?.text ?? '$'}' : No results for path: ${itemsPath?.text ?? '$'}`);
  }
  if (!Array.isArray(items)) {
    throw runtime(
      itemsPath === undefined
        ? `Map state input must be an array but was: ${JSON.stringify(items)}`
        : `Reference path "${referenceText(itemsPath)}" must point to array.`,
    );
  }
  return items;
}

/** AWS names a context object path as a path on the context object: `$$.Execution.Input` is `$.Execution.Input`. */
function referenceText(path: CompiledPath): string {
  const text = path.text.trim();
  return path.root.kind === 'context' ? text.slice(1) : text;
}

export function mapMaxConcurrency(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  def: MapState,
  input: JsonValue,
): number {
  if (typeof def.MaxConcurrency === 'number') return def.MaxConcurrency;
  const value = state.paths.get('MaxConcurrencyPath')?.evaluate(run.scope(thread, input));
  return integerFrom(value, 'MaxConcurrencyPath', state, 0);
}

export function mapTolerance(
  run: StateContext,
  thread: ThreadState,
  state: CompiledMap,
  def: MapState,
  input: JsonValue,
): MapTolerance {
  const read = (field: string): JsonValue | undefined => state.paths.get(field)?.evaluate(run.scope(thread, input));
  const toleratedCount =
    typeof def.ToleratedFailureCount === 'number'
      ? def.ToleratedFailureCount
      : integerFrom(read('ToleratedFailureCountPath'), 'ToleratedFailureCountPath', state, undefined);
  if (toleratedCount !== undefined && toleratedCount < 0) throw runtime('ToleratedFailureCount cannot be negative.');
  const toleratedPercentage =
    typeof def.ToleratedFailurePercentage === 'number'
      ? def.ToleratedFailurePercentage
      : floatFrom(read('ToleratedFailurePercentagePath'), state);
  if (toleratedPercentage !== undefined && (toleratedPercentage < 0 || toleratedPercentage > 100)) {
    throw runtime('ToleratedFailurePercentage must be between 0 and 100.');
  }
  return { toleratedCount, toleratedPercentage };
}

function integerFrom<T extends number | undefined>(
  value: JsonValue | undefined,
  field: string,
  state: CompiledMap,
  fallback: T,
): number | T {
  const path = state.paths.get(field);
  if (path === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  // AWS parses a string that holds an integer (a variable assigned "1" works).
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) return Number(value);
  throw runtime(`The ${field} field refers to value "${shown(value)}" which is not a valid integer: ${path.text}`);
}

function floatFrom(value: JsonValue | undefined, state: CompiledMap): number | undefined {
  const field = 'ToleratedFailurePercentagePath';
  const path = state.paths.get(field);
  if (path === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw runtime(`The ${field} field refers to value "${shown(value)}" which is not a valid float: ${path.text}`);
}

function shown(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

export function toleranceExceeded(pending: MapPending): boolean {
  const { failures, toleratedCount, toleratedPercentage } = pending;
  if (toleratedCount === undefined && toleratedPercentage === undefined) return true;
  const overCount = toleratedCount !== undefined && failures > toleratedCount;
  const overPercentage =
    toleratedPercentage !== undefined && (failures * 100) / pending.items.length > toleratedPercentage;
  return overCount || overPercentage;
}

function runtime(message: string): StatesFailure {
  return new StatesFailure(StatesErrors.Runtime, message);
}
