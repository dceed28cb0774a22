// The executions this node is stepping, kept between steps with what the store holds of their state (the
// shadow), so that a step of a large Map neither reads nor parses its execution's whole state again. An
// entry is taken out for a step and put back once the step committed: a step updates the state in place,
// so a step that failed or lost a race leaves nothing behind, and the next one reads the store.

import type { ExecutionRecord } from '../store/records.ts';
import type { StateShadow } from '../store/state-changes.ts';

export interface CachedExecution {
  record: ExecutionRecord;
  shadow: StateShadow;
}

export class ExecutionCache {
  private readonly entries = new Map<string, CachedExecution>();

  constructor(private readonly capacity: number) {}

  /** The execution's entry, removed from the cache. */
  take(arn: string): CachedExecution | undefined {
    const entry = this.entries.get(arn);
    this.entries.delete(arn);
    return entry;
  }

  /** Keeps a running execution, the least recently put going first when the cache is full. */
  put(entry: CachedExecution): void {
    const arn = entry.record.arn;
    this.entries.delete(arn);
    if (entry.record.status !== 'RUNNING' || this.capacity === 0) return;
    this.entries.set(arn, entry);
    if (this.entries.size <= this.capacity) return;
    const oldest = this.entries.keys().next();
    if (oldest.done !== true) this.entries.delete(oldest.value);
  }

  delete(arn: string): void {
    this.entries.delete(arn);
  }
}
