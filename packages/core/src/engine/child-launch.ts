// The iterations a Map starts at once: their MapIterationStarted events are recorded when they start, but
// each thread object (and its input's JSON text) is created only when the scheduler comes to it. A Map of
// 10,000 items with no MaxConcurrency used to create 10,000 threads up front, all alive together and so
// promoted out of V8's young generation; now each lives only while it runs. To the scheduler a launch
// stands for its threads queued last-first, so they run lowest index first, exactly as if queued one by one.

import type { JsonValue } from '../json/json-value.ts';
import type { ThreadSnapshot, ThreadState } from './types.ts';

export class ChildLaunch {
  // Parallel arrays rather than an object per child: nothing is allocated per child until it runs.
  private readonly indices: number[] = [];
  private readonly cursors: number[] = [];
  private readonly inputs: JsonValue[] = [];
  /** Redriven children, by position in the launch. */
  private restored: Map<number, ThreadSnapshot> | undefined;
  private position = 0;

  constructor(
    /** The Map's thread. */
    readonly parent: ThreadState,
    /** The JSON pointer of the children's States block. */
    readonly block: string,
    /** Whether the children's events are recorded (not for a distributed Map). */
    readonly recorded: boolean,
  ) {}

  /** A fresh child whose first event follows `cursor`. */
  add(index: number, input: JsonValue, cursor: number): void {
    this.indices.push(index);
    this.cursors.push(cursor);
    this.inputs.push(input);
  }

  /** A redriven child, to continue from its snapshot. */
  addRestored(index: number, snapshot: ThreadSnapshot, cursor: number): void {
    this.restored ??= new Map();
    this.restored.set(this.indices.length, snapshot);
    this.add(index, null, cursor);
  }

  get remaining(): number {
    return this.indices.length - this.position;
  }

  /** The position of the next child to create (lowest index first), then taken; undefined when none is left. */
  take(): number | undefined {
    if (this.position >= this.indices.length) return undefined;
    return this.position++;
  }

  indexAt(position: number): number {
    return this.indices[position] ?? 0;
  }

  cursorAt(position: number): number {
    return this.cursors[position] ?? 0;
  }

  inputAt(position: number): JsonValue {
    return this.inputs[position] ?? null;
  }

  /** The snapshot of a redriven child; undefined for a fresh one. */
  restoredAt(position: number): ThreadSnapshot | undefined {
    return this.restored?.get(position);
  }
}
