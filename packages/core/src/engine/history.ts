// Builders for AWS's history events: ids in order, previousEventId from the recording thread's cursor,
// and event details spelled as GetExecutionHistory spells them.

import type { Failure } from '../asl/errors.ts';
import { maxHistoryEvents } from './limits.ts';
import type {
  EventDetails,
  HistoryEventType,
  StateEnteredEventDetails,
  StateEnteredType,
  StateExitedEventDetails,
  StateExitedType,
} from './history-event.ts';
import type { ExecutionState, HistoryEvent, ThreadState } from './types.ts';

export interface RecordOptions {
  /** False for events that do not become the thread's cursor (AWS links the next event past them). */
  advance?: boolean;
  /** The event this one follows, when it is not the thread's cursor. */
  after?: number;
}

export class HistoryRecorder {
  readonly events: HistoryEvent[] = [];
  /**
   * Set when an event was refused because the history had reached AWS's quota: the execution must fail
   * (Run.failAtHistoryLimit) with ExecutionFailed as event 25,000.
   */
  full = false;

  private readonly timestamp: number;

  constructor(
    private readonly state: ExecutionState,
    now: number,
    /** The history quota: AWS's unless the runtime was configured with another. */
    readonly limit = maxHistoryEvents,
  ) {
    // AWS's history has whole milliseconds; a virtual clock advanced by a back-off (IntervalSeconds x
    // BackoffRate^n) or a task's fractional duration would otherwise record fractions.
    this.timestamp = Math.floor(now);
  }

  /**
   * Records an event for `thread` (or for the execution itself when `thread` is undefined), with the
   * details member its type takes.
   */
  record<T extends HistoryEventType>(
    thread: ThreadState | undefined,
    type: T,
    details?: EventDetails<T>,
    options?: RecordOptions,
  ): number {
    if (thread !== undefined && !thread.recorded) return thread.cursor;
    if (!this.admits(type)) return thread?.cursor ?? this.state.nextEventId - 1;
    const id = this.state.nextEventId++;
    const previousEventId = options?.after ?? (thread === undefined ? this.lastEventId(id) : thread.cursor);
    this.events.push({ id, previousEventId, timestamp: this.timestamp, type, ...withoutUndefined(details) });
    if (thread !== undefined && options?.advance !== false) thread.cursor = id;
    return id;
  }

  /**
   * A Map iteration's MapIterationStarted (which becomes the Map thread's cursor), MapIterationSucceeded or
   * MapIterationFailed (which do not: AWS links the Map's next event past them), built in one literal: a
   * quarter of a big Map's history.
   */
  recordMapIteration(
    thread: ThreadState,
    event: 'Started' | 'Succeeded' | 'Failed',
    index: number,
    name: string,
  ): number {
    if (!thread.recorded) return thread.cursor;
    if (!this.admits('MapIteration')) return thread.cursor;
    const id = this.state.nextEventId++;
    const previousEventId = thread.cursor;
    const timestamp = this.timestamp;
    const details = { index, name };
    if (event === 'Started') {
      this.events.push({
        id,
        previousEventId,
        timestamp,
        type: 'MapIterationStarted',
        mapIterationStartedEventDetails: details,
      });
      thread.cursor = id;
    } else if (event === 'Succeeded') {
      this.events.push({
        id,
        previousEventId,
        timestamp,
        type: 'MapIterationSucceeded',
        mapIterationSucceededEventDetails: details,
      });
    } else {
      this.events.push({
        id,
        previousEventId,
        timestamp,
        type: 'MapIterationFailed',
        mapIterationFailedEventDetails: details,
      });
    }
    return id;
  }

  /** AWS's MapIterationAborted for an iteration stopped by a sibling's failure or the Map's end, after its last event. */
  recordMapIterationAborted(iteration: ThreadState, index: number, name: string): void {
    if (!iteration.recorded || !this.admits('MapIteration')) return;
    const id = this.state.nextEventId++;
    this.events.push({
      id,
      previousEventId: iteration.cursor,
      timestamp: this.timestamp,
      type: 'MapIterationAborted',
      mapIterationAbortedEventDetails: { index, name },
    });
  }

  /** A state's Entered event, built in one literal: one for every state a thread enters. */
  recordEntered(thread: ThreadState, type: StateEnteredType, name: string, input: string): number {
    if (!thread.recorded || !this.admits(type)) return thread.cursor;
    const id = this.state.nextEventId++;
    const stateEnteredEventDetails: StateEnteredEventDetails = { name, input, inputDetails: notTruncated };
    this.events.push({ id, previousEventId: thread.cursor, timestamp: this.timestamp, type, stateEnteredEventDetails });
    thread.cursor = id;
    return id;
  }

  /** A state's Exited event; `assigned`: each assigned variable's JSON text, when the state assigned any. */
  recordExited(
    thread: ThreadState,
    type: StateExitedType,
    name: string,
    output: string,
    assigned?: Record<string, string>,
  ): number {
    if (!thread.recorded || !this.admits(type)) return thread.cursor;
    const id = this.state.nextEventId++;
    const stateExitedEventDetails: StateExitedEventDetails =
      assigned === undefined
        ? { name, output, outputDetails: notTruncated }
        : {
            name,
            output,
            outputDetails: notTruncated,
            assignedVariables: assigned,
            assignedVariablesDetails: notTruncated,
          };
    this.events.push({ id, previousEventId: thread.cursor, timestamp: this.timestamp, type, stateExitedEventDetails });
    thread.cursor = id;
    return id;
  }

  /** Records an execution-level event whose previous event is given explicitly. */
  recordAfter<T extends HistoryEventType>(previousEventId: number, type: T, details?: EventDetails<T>): number {
    if (!this.admits(type)) return previousEventId;
    const id = this.state.nextEventId++;
    this.events.push({ id, previousEventId, timestamp: this.timestamp, type, ...withoutUndefined(details) });
    return id;
  }

  /** Whether event `type` fits under AWS's quota; only an execution's last event may be event 25,000. */
  private admits(type: HistoryEventType | 'MapIteration'): boolean {
    if (this.state.nextEventId < this.limit || closingEvents.has(type)) return true;
    this.full = true;
    return false;
  }

  private lastEventId(id: number): number {
    return id === 1 ? 0 : id - 1;
  }
}

/** The events that end an execution. */
const closingEvents: ReadonlySet<string> = new Set<HistoryEventType>([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);

/**
 * `{ truncated: false }`, one object shared by the events that carry it (a big history has one per Entered
 * and Exited event, all alive as long as the history); frozen, as events are never changed once recorded.
 */
const notTruncated: { readonly truncated: false } = Object.freeze({ truncated: false });

/** `{ error, cause }` details, leaving out what AWS leaves out (a Fail state may name no error: ''). */
export function failureDetails(failure: Failure): { error?: string; cause?: string } {
  const details: { error?: string; cause?: string } = {};
  if (failure.error !== '') details.error = failure.error;
  if (failure.cause !== undefined) details.cause = failure.cause;
  return details;
}

/**
 * Event details without the members that are undefined (AWS leaves absent members out). Details are
 * built fresh for each event, so when nothing is undefined (nearly always) they are used as they are.
 */
function withoutUndefined<D extends object>(details: D | undefined): D | undefined {
  if (details === undefined || !hasUndefinedMember(details as Record<string, unknown>)) return details;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      result[key] = Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined));
    } else if (value !== undefined) result[key] = value;
  }
  return result as D;
}

/** Whether a member, or a member of an object member, is undefined. */
function hasUndefinedMember(details: Record<string, unknown>): boolean {
  for (const key in details) {
    const value = details[key];
    if (value === undefined) return true;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const member in value) if ((value as Record<string, unknown>)[member] === undefined) return true;
    }
  }
  return false;
}
