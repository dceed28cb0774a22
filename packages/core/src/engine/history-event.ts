// The history event as GetExecutionHistory returns it, typed from the generated catalogue
// (history-events.generated.ts): one declaration for core, server, console and conformance.

import { historyEventDetailsKeys, type HistoryEventDetails } from './history-events.generated.ts';

export type * from './history-events.generated.ts';
export { historyEventDetailsKeys };

/** Every type of history event AWS records (botocore's HistoryEventType). */
export type HistoryEventType = keyof typeof historyEventDetailsKeys;

/** The member an event of type `T` keeps its details in (null: it has none). */
export type EventDetailsKey<T extends HistoryEventType> = (typeof historyEventDetailsKeys)[T];

/** What an event with no details member accepts: nothing. */
export interface NoEventDetails {
  [member: string]: never;
}

/**
 * The details an event of type `T` is recorded with: its own details member (`TaskScheduled` takes
 * `{ taskScheduledEventDetails }`), or nothing for the types that have none (`ParallelStateStarted`).
 */
export type EventDetails<T extends HistoryEventType> =
  EventDetailsKey<T> extends keyof HistoryEventDetails ? Pick<HistoryEventDetails, EventDetailsKey<T>> : NoEventDetails;

/** The event types whose details member is `K` (`stateEnteredEventDetails`: every `<Type>StateEntered`). */
export type EventTypesWithDetails<K extends keyof HistoryEventDetails | null> = {
  [T in HistoryEventType]: EventDetailsKey<T> extends K ? T : never;
}[HistoryEventType];

/** The event types of a state's Entered event (`PassStateEntered`, ...). */
export type StateEnteredType = EventTypesWithDetails<'stateEnteredEventDetails'>;

/** The event types of a state's Exited event (`PassStateExited`, ...). */
export type StateExitedType = EventTypesWithDetails<'stateExitedEventDetails'>;

/**
 * One history event. `Time` is how its timestamp is held: epoch milliseconds in Stepwise, a Date or an ISO
 * string where an SDK parsed it.
 */
export interface HistoryEvent<Time = number> extends HistoryEventDetails {
  id: number;
  previousEventId: number;
  timestamp: Time;
  type: HistoryEventType;
}

/** Any one event's details. */
export type AnyEventDetails = NonNullable<HistoryEventDetails[keyof HistoryEventDetails]>;

/** An event's details: the member its type names, when the event has it. */
export function detailsOf(event: HistoryEvent<unknown>): AnyEventDetails | undefined {
  const key = historyEventDetailsKeys[event.type];
  return key === null ? undefined : event[key];
}
