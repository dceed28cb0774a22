// The iterations a Map starts at once: their MapIterationStarted events are recorded when they start, but
// each thread object (and its input's JSON text) is created only when the scheduler comes to it. A Map of
// 10,000 items with no MaxConcurrency used to create 10,000 threads up front, all alive together and so
// promoted out of V8's young generation; now each lives only while it runs. To the scheduler a launch
// stands for its threads queued last-first, so they run lowest index first, exactly as if queued one by one.

import type { JsonValue } from '../json/json-value.ts';
import type { ThreadSnapshot, ThreadState } from './types.ts';

/** One child to create: a fresh iteration (its input) or, on a redrive, an unfinished one (its snapshot). */
export type LaunchedChild =
  | { index: number; cursor: number; input: JsonValue; restored?: undefined }
  | { index: number; cursor: number; restored: ThreadSnapshot };

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

  /** The next child to create, lowest index first; undefined when all have been taken. */
  take(): LaunchedChild | undefined {
    const at = this.position;
    const index = this.indices[at];
    const cursor = this.cursors[at];
    if (index === undefined || cursor === undefined) return undefined;
    this.position += 1;
    const restored = this.restored?.get(at);
    if (restored !== undefined) return { index, cursor, restored };
    return { index, cursor, input: this.inputs[at] ?? null };
  }
}
