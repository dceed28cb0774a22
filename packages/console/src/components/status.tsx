// Status badges and legends: the same colours on the graph, in lists and in the panels.

import type { ExecutionStatus } from '../api/types.ts';
import { statusLabels, type StateStatus } from '../graph/status.ts';

const executionLabels: Record<ExecutionStatus, string> = {
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  TIMED_OUT: 'Timed out',
  ABORTED: 'Aborted',
  PENDING_REDRIVE: 'Pending redrive',
};

export const executionStatuses = Object.keys(executionLabels) as ExecutionStatus[];

export function executionLabel(status: ExecutionStatus): string {
  return executionLabels[status];
}

export function ExecutionBadge(props: { status: ExecutionStatus; large?: boolean }) {
  return (
    <span
      class={`badge badge-${props.status.toLowerCase()}${props.large === true ? ' badge-large' : ''}`}
      data-status={props.status}
    >
      <span class="badge-dot" />
      {executionLabels[props.status]}
    </span>
  );
}

export function StateBadge(props: { status: StateStatus }) {
  return (
    <span class={`badge badge-state-${props.status}`}>
      <span class="badge-dot" />
      {statusLabels[props.status]}
    </span>
  );
}

export function Legend(props: { statuses: StateStatus[] }) {
  return (
    <div class="legend">
      {props.statuses.map((status) => (
        <span key={status} class="legend-item">
          <span class={`legend-swatch node-${status}`} />
          {statusLabels[status]}
        </span>
      ))}
    </div>
  );
}
