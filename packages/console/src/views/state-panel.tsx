// The selected state of an execution: status, error and cause, retries, timing, input and output, and for a
// Map its iterations. A state visited more than once (a loop, a retry of its Parallel, many iterations) lets
// the reader pick the visit.

import { useEffect, useState } from 'preact/hooks';
import type { ExecutionDescription } from '../api/types.ts';
import { formatDate, formatDuration } from '../components/format.ts';
import { JsonView } from '../components/json-view.tsx';
import { ExecutionBadge, StateBadge } from '../components/status.tsx';
import type { StateSummary } from '../history/statuses.ts';
import type { Visit } from '../history/trace.ts';
import { MapRunLink } from './execution-map-runs.tsx';
import { MapRuns } from './map-runs.tsx';

export interface StatePanelProps {
  name: string | undefined;
  summary: StateSummary | undefined;
  stateType: string | undefined;
  execution: ExecutionDescription | undefined;
  iteration: string | undefined;
  onChooseIteration: (path: string | undefined) => void;
  onShowEvents: () => void;
  onClose: () => void;
}

export function StatePanel(props: StatePanelProps) {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    setIndex(0);
  }, [props.name, props.iteration]);
  if (props.name === undefined) return <ExecutionSummary execution={props.execution} />;
  const visits = props.summary?.visits ?? [];
  const visit = visits[Math.min(index, visits.length - 1)];
  return (
    <div class="state-panel" data-testid="state-panel" data-state={props.name}>
      <header class="panel-header">
        <div>
          <div class="panel-kicker">{props.stateType ?? 'State'}</div>
          <h3>{props.name}</h3>
        </div>
        <button type="button" class="icon-button" aria-label="Close the state panel" onClick={props.onClose}>
          ×
        </button>
      </header>
      {visit === undefined ? (
        <div class="panel-section">
          <StateBadge status="not-reached" />
          <p class="muted">This state has not run{props.iteration === undefined ? '' : ' in this iteration'}.</p>
        </div>
      ) : (
        <>
          <div class="panel-section panel-status">
            <StateBadge status={visit.status} />
            {visit.scope.kind === 'iteration' && visits.length === 1 && (
              <span class="chip">
                Iteration {visit.scope.index} of {visit.scope.owner?.name}
              </span>
            )}
            {visits.length > 1 && (
              <select
                aria-label="Visit"
                value={String(index)}
                onChange={(e) => {
                  setIndex(Number(e.currentTarget.value));
                }}
              >
                {visits.slice(0, 500).map((v, i) => (
                  <option key={v.id} value={String(i)}>
                    {visitLabel(v, i, visits.length)}
                  </option>
                ))}
              </select>
            )}
            <button type="button" class="link-button" onClick={props.onShowEvents}>
              Show its events
            </button>
          </div>
          {visit.stateType === 'Map' && visit.mapRunArn !== undefined && (
            <div class="panel-section">
              <h4>Map run</h4>
              <MapRunLink arn={visit.mapRunArn} />
            </div>
          )}
          {visit.stateType === 'Map' && visit.mapRunArn === undefined && (
            <div class="panel-section">
              <h4>Iterations</h4>
              <MapRuns visit={visit} chosen={props.iteration} onChoose={props.onChooseIteration} />
            </div>
          )}
          <VisitDetails visit={visit} />
        </>
      )}
    </div>
  );
}

function visitLabel(visit: Visit, i: number, total: number): string {
  const where =
    visit.scope.kind === 'iteration' ? `iteration ${String(visit.scope.index)}` : `visit ${String(total - i)}`;
  return `${i === 0 ? 'Latest: ' : ''}${where} (event ${String(visit.id)})`;
}

function VisitDetails(props: { visit: Visit }) {
  const { visit } = props;
  const failure = visit.failures[visit.failures.length - 1];
  const retries = Math.max(0, visit.attempts - 1);
  return (
    <>
      {failure !== undefined && (visit.status === 'failed' || visit.status === 'caught') && (
        <div
          class={`panel-section error-section${visit.status === 'caught' ? ' caught' : ''}`}
          data-testid="state-error"
        >
          <h4>{visit.status === 'caught' ? 'Error (caught)' : 'Error'}</h4>
          <div class="error-name">{failure.error ?? failure.type}</div>
          {failure.cause !== undefined && (
            <>
              <div class="label">Cause</div>
              <JsonView text={failure.cause} />
            </>
          )}
        </div>
      )}
      {(retries > 0 || visit.failures.length > 1) && (
        <div class="panel-section">
          <h4>
            Attempts{' '}
            <span class="muted">
              {visit.attempts} ({retries} {retries === 1 ? 'retry' : 'retries'})
            </span>
          </h4>
          <ol class="attempts">
            {visit.failures.map((f) => (
              <li key={f.eventId}>
                <span class="error-name small">{f.error ?? f.type}</span>
                <span class="muted"> event {f.eventId}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
      <div class="panel-section">
        <h4>Timing</h4>
        <dl class="facts">
          <dt>Entered</dt>
          <dd>{formatDate(visit.enteredTime)}</dd>
          <dt>Exited</dt>
          <dd>{visit.exitedTime === undefined ? '—' : formatDate(visit.exitedTime)}</dd>
          <dt>Duration</dt>
          <dd>{visit.exitedTime === undefined ? '—' : formatDuration(visit.exitedTime - visit.enteredTime)}</dd>
        </dl>
      </div>
      <div class="panel-section">
        <h4>Input</h4>
        <JsonView text={visit.input} empty="No input recorded" />
      </div>
      <div class="panel-section">
        <h4>Output</h4>
        <JsonView text={visit.output} empty={visit.exited ? 'No output recorded' : 'Not exited yet'} />
      </div>
    </>
  );
}

function ExecutionSummary(props: { execution: ExecutionDescription | undefined }) {
  const e = props.execution;
  if (e === undefined) return null;
  return (
    <div class="state-panel" data-testid="execution-summary">
      <header class="panel-header">
        <div>
          <div class="panel-kicker">Execution</div>
          <h3>{e.name}</h3>
        </div>
        <ExecutionBadge status={e.status} />
      </header>
      <p class="panel-hint">Select a state on the graph to see its input, output, errors and retries.</p>
      {(e.error !== undefined || e.cause !== undefined) && (
        <div class="panel-section error-section">
          <h4>Error</h4>
          <div class="error-name">{e.error ?? '—'}</div>
          {e.cause !== undefined && (
            <>
              <div class="label">Cause</div>
              <JsonView text={e.cause} />
            </>
          )}
        </div>
      )}
      <div class="panel-section">
        <h4>Input</h4>
        <JsonView text={e.input} />
      </div>
      <div class="panel-section">
        <h4>Output</h4>
        <JsonView text={e.output} empty={e.status === 'RUNNING' ? 'Running' : 'No output'} />
      </div>
    </div>
  );
}
