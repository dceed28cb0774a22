// `run --json`: the report as pretty JSON. With `--history` the events are written in batches, since a long
// history as one string can exceed V8's largest string (RangeError: Invalid string length).

import type { HistoryEvent } from '@stepwise/core';
import type { Io } from './io.ts';

const eventsPerWrite = 500;

/** Writes `{...report, events}` exactly as JSON.stringify(..., null, 2) would, a batch of events at a time. */
export function printJsonReport(report: Record<string, unknown>, events: readonly HistoryEvent[] | undefined, io: Io) {
  const head = JSON.stringify(report, null, 2);
  if (events === undefined) {
    io.out(head);
    return;
  }
  if (events.length === 0) {
    io.out(JSON.stringify({ ...report, events: [] }, null, 2));
    return;
  }
  // The head without its closing "\n}", then the events array member by member.
  const open = Object.keys(report).length === 0 ? '{' : `${head.slice(0, -2)},`;
  io.out(`${open}\n  "events": [`);
  for (let start = 0; start < events.length; start += eventsPerWrite) {
    const batch = events.slice(start, start + eventsPerWrite).map((event) => indent(JSON.stringify(event, null, 2)));
    const last = start + eventsPerWrite >= events.length;
    io.out(batch.join(',\n') + (last ? '' : ','));
  }
  io.out('  ]\n}');
}

/** Nests a pretty-printed value two levels deep (JSON escapes newlines inside strings, so every "\n" is layout). */
function indent(json: string): string {
  return `    ${json.replaceAll('\n', '\n    ')}`;
}
