// Reads what the tested state did from the history the engine recorded: its output, where it went next,
// and the failure it raised (caught, retried or final).

import type { Failure } from '../asl/errors.ts';
import type { HistoryEvent } from '../engine/types.ts';
import { detailsOf as eventDetails } from '../engine/history-event.ts';

export interface StateOutcome {
  output?: string;
  nextState?: string;
  /** The last failure the state raised (a task's, an evaluation's, a Fail state's). */
  failure?: Failure;
}

export function readOutcome(events: readonly HistoryEvent[], name: string): StateOutcome {
  const entered = events.findIndex((e) => e.type.endsWith('StateEntered') && detailsOf(e)?.name === name);
  const outcome: StateOutcome = {};
  for (const event of events.slice(entered + 1)) {
    const details = detailsOf(event);
    if (event.type.endsWith('StateEntered')) {
      if (typeof details?.name === 'string') outcome.nextState = details.name;
      break;
    }
    if (event.type.endsWith('StateExited') && typeof details?.output === 'string') outcome.output = details.output;
    else if (event.type !== 'ExecutionFailed' && typeof details?.error === 'string') {
      outcome.failure = {
        error: details.error,
        ...(typeof details.cause === 'string' ? { cause: details.cause } : {}),
      };
    }
  }
  return outcome;
}

function detailsOf(event: HistoryEvent): Record<string, unknown> | undefined {
  return eventDetails(event) as Record<string, unknown> | undefined;
}
