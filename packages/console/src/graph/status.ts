// The statuses a state can show on the graph, with their legend labels.

import type { VisitStatus } from '../history/trace.ts';

export type StateStatus = VisitStatus | 'not-reached';

export const statusLabels: Record<StateStatus, string> = {
  'not-reached': 'Not reached',
  running: 'Running',
  succeeded: 'Succeeded',
  retried: 'Retried',
  caught: 'Caught',
  failed: 'Failed',
  aborted: 'Aborted',
};
