// The executions this node is stepping, kept between steps with what the store holds of their state (the
// shadow), so that a step of a large Map neither reads nor parses its execution's whole state again. An
// entry is taken out for a step and put back once the step committed: a step updates the state in place,
// so a step that failed or lost a race leaves nothing behind, and the next one reads the store.
// The cache is bounded by an estimate of the memory its entries hold, not by their count, so that a budget
// large enough for thousands of small executions in flight stays safe when a few of them are large.

import type { ExecutionRecord } from '../store/records.ts';
import { shadowChars, type StateShadow } from '../store/state-changes.ts';

export interface CachedExecution {
  record: ExecutionRecord;
  shadow: StateShadow;
}

/** The default budget: 64 MiB of estimated entry size. */
export const defaultCacheBytes = 64 * 1024 * 1024;

/**
 * Bytes held per character of an entry's text: a V8 string takes one or two bytes a character, and the
 * parsed state beside its rows' text takes about as much again.
 */
const bytesPerChar = 3;

/** An entry's estimated size: its state's rows (counted as they were written), its definition and input. */
export function entryBytes(entry: CachedExecution): number {
  const { record, shadow } = entry;
  return bytesPerChar * (shadowChars(shadow) + record.definition.length + record.input.length);
}

interface Held {
  entry: CachedExecution;
  bytes: number;
}

export class ExecutionCache {
  private readonly entries = new Map<string, Held>();
  private held = 0;

  /** `budget`: the estimated bytes the entries may hold together (0 keeps none). */
  constructor(readonly budget: number) {}

  /** The estimated bytes held now. */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The execution's entry, removed from the cache. */
  take(arn: string): CachedExecution | undefined {
    const held = this.entries.get(arn);
    if (held === undefined) return undefined;
    this.entries.delete(arn);
    this.held -= held.bytes;
    return held.entry;
  }

  /**
   * Keeps a running execution, the least recently put going first while the budget is exceeded; an entry
   * larger than the whole budget is not kept (its next step reads the store).
   */
  put(entry: CachedExecution): void {
    this.take(entry.record.arn);
    if (entry.record.status !== 'RUNNING') return;
    const bytes = entryBytes(entry);
    if (bytes > this.budget) return;
    this.entries.set(entry.record.arn, { entry, bytes });
    this.held += bytes;
    while (this.held > this.budget) this.evictOldest();
  }

  delete(arn: string): void {
    this.take(arn);
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (oldest.done !== true) this.take(oldest.value);
  }
}
