// Small readers of one history event: its details object, its time, and a one-line summary for the table.

import { detailsOf } from '@stepwise/core';
import type { HistoryEvent } from '../api/types.ts';

/** The details member of an event: the one its type names in the catalogue (e.g. taskFailedEventDetails). */
export function eventDetails(event: HistoryEvent): Record<string, unknown> {
  return (detailsOf(event) ?? {}) as Record<string, unknown>;
}

/** Epoch milliseconds (the wire carries epoch seconds). */
export function eventTime(event: HistoryEvent): number {
  return Math.round(event.timestamp * 1000);
}

/** What the table shows next to the type: the error, the resource, the iteration, the redrive count. */
export function eventSummary(event: HistoryEvent): string {
  const details = eventDetails(event);
  const parts: string[] = [];
  if (typeof details.error === 'string') parts.push(details.error);
  if (typeof details.cause === 'string') parts.push(details.cause);
  if (typeof details.resource === 'string') parts.push(details.resource);
  if (typeof details.index === 'number') parts.push(`iteration ${String(details.index)}`);
  if (typeof details.length === 'number') parts.push(`${String(details.length)} items`);
  if (typeof details.redriveCount === 'number') parts.push(`redrive ${String(details.redriveCount)}`);
  if (typeof details.mapRunArn === 'string') parts.push(details.mapRunArn);
  return parts.join(' · ').slice(0, 300);
}

export function isFailureEvent(type: string): boolean {
  return /(Failed|TimedOut|Aborted)$/.test(type);
}
