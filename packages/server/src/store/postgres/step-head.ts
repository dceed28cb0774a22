// What a step writes to its execution's row, in one order for the three places that write it: the general
// path's UPDATE (executions.ts), the one-round-trip function (one-round-trip.ts) and group commit.

import type { StepCommit } from '../records.ts';
import { nullable } from '../sqlite/db.ts';
import { wholeState } from '../state-changes.ts';
import type { StateParts } from '../state-parts.ts';

/** status, output, error, cause, stop date, redrive count, redrive date, state head; and the parts written. */
export function stepHead(c: StepCommit): { values: unknown[]; parts: StateParts } {
  const s = c.state;
  const parts = c.parts ?? wholeState(s).parts;
  const values = [
    s.status,
    nullable(s.output),
    nullable(s.error),
    nullable(s.cause),
    nullable(s.stopTime),
    s.execution.redriveCount ?? 0,
    nullable(c.redriveDate),
    parts.head,
  ];
  return { values, parts };
}
