// One Distributed Map's run (DescribeMapRun): its status, its item and child execution counts by status (live
// while it runs), its settings (editable with UpdateMapRun while it runs) and its child executions.

import { useEffect } from 'preact/hooks';
import { call } from '../api/client.ts';
import type { MapRunCounts, MapRunDescription } from '../api/types.ts';
import { arnName, machineArnOfExecution, mapRunLabel } from '../components/format.ts';
import { Link } from '../components/link.tsx';
import { ExecutionBadge } from '../components/status.tsx';
import { Breadcrumbs, Card, ErrorBox, LiveDot, Spinner } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { paths, setQuery } from '../router.ts';
import { MapRunChildren } from './map-run-children.tsx';
import { ArnFact, Redriven, RunTimes } from './run-facts.tsx';
import { MapRunSettings } from './map-run-settings.tsx';
import './map-run.css';

/** How often a running map run's counts are read again. */
const pollMillis = 2000;
/** Up to this many children, the list is read again whenever the counts change (at most once per poll). */
const liveListLimit = 5000;

/** DescribeMapRun's count members, in the order the page shows them, with the status ListExecutions filters by. */
const countColumns: { key: keyof MapRunCounts; label: string; status?: string }[] = [
  { key: 'pending', label: 'Pending' },
  { key: 'running', label: 'Running', status: 'RUNNING' },
  { key: 'succeeded', label: 'Succeeded', status: 'SUCCEEDED' },
  { key: 'failed', label: 'Failed', status: 'FAILED' },
  { key: 'timedOut', label: 'Timed out', status: 'TIMED_OUT' },
  { key: 'aborted', label: 'Aborted', status: 'ABORTED' },
  { key: 'total', label: 'Total' },
  { key: 'resultsWritten', label: 'Results written' },
];

export function MapRunView(props: { arn: string; query: URLSearchParams }) {
  const { arn, query } = props;
  const run = useData(() => call('DescribeMapRun', { mapRunArn: arn }), [arn]);
  const status = run.data?.status;
  useEffect(() => {
    if (status !== 'RUNNING') return;
    const timer = setInterval(run.reload, pollMillis);
    return () => {
      clearInterval(timer);
    };
  }, [status, run.reload]);
  const machineArn = machineArnOfExecution(run.data?.executionArn ?? '');
  const crumbs = [
    { label: 'State machines', href: paths.machines() },
    ...(run.data === undefined
      ? []
      : [
          { label: arnName(machineArn), href: paths.machine(machineArn) },
          { label: arnName(run.data.executionArn), href: paths.execution(run.data.executionArn) },
        ]),
    { label: `Map run ${mapRunLabel(arn)}` },
  ];
  if (run.data === undefined) {
    return (
      <div class="view">
        <Breadcrumbs items={crumbs} />
        {run.error === undefined ? <Spinner label="Loading the map run…" /> : <ErrorBox error={run.error} />}
      </div>
    );
  }
  const r = run.data;
  const filter = query.get('status') ?? '';
  return (
    <div class="view view-wide" data-testid="map-run">
      <Breadcrumbs items={crumbs} />
      <MapRunHeader run={r} />
      {run.error !== undefined && <ErrorBox error={run.error} title="Could not read the map run again" />}
      <div class="map-run-cards">
        <Card title="Items and child executions" class="map-run-counts">
          <CountsTable run={r} filter={filter} />
        </Card>
        <MapRunSettings run={r} onUpdated={run.reload} />
      </div>
      <MapRunChildren
        mapRunArn={arn}
        status={filter}
        total={r.executionCounts.total}
        changes={r.executionCounts.total <= liveListLimit ? `${r.status} ${JSON.stringify(r.executionCounts)}` : ''}
        onStatus={(s) => {
          setQuery({ status: s });
        }}
      />
    </div>
  );
}

function MapRunHeader(props: { run: MapRunDescription }) {
  const r = props.run;
  return (
    <div class="view-header">
      <div>
        <h1 class="execution-title">
          <span class="title-suffix">Map run</span>
          <span class="mono-title">{mapRunLabel(r.mapRunArn)}</span>
          {/* A map run's statuses are a subset of an execution's: the same badges fit. */}
          <ExecutionBadge status={r.status} large />
        </h1>
        <dl class="meta">
          <RunTimes startDate={r.startDate} stopDate={r.stopDate} now={Date.now()} />
          <div>
            <dt>Execution</dt>
            <dd>
              <Link href={paths.execution(r.executionArn)} class="mono-link">
                {arnName(r.executionArn)}
              </Link>
            </dd>
          </div>
          <Redriven count={r.redriveCount} date={r.redriveDate} />
          <ArnFact arn={r.mapRunArn} />
        </dl>
      </div>
      <div class="header-actions">{r.status === 'RUNNING' && <LiveDot live />}</div>
    </div>
  );
}

function CountsTable(props: { run: MapRunDescription; filter: string }) {
  const rows: [string, MapRunCounts][] = [
    ['Items', props.run.itemCounts],
    ['Child executions', props.run.executionCounts],
  ];
  return (
    <table class="table counts-table" data-testid="map-run-counts">
      <thead>
        <tr>
          <th />
          {countColumns.map((c) => (
            <th key={c.key}>
              {c.status === undefined ? (
                c.label
              ) : (
                <button
                  type="button"
                  class={props.filter === c.status ? 'column-filter active' : 'column-filter'}
                  title={`Show the ${c.label.toLowerCase()} children`}
                  onClick={() => {
                    setQuery({ status: props.filter === c.status ? undefined : c.status });
                  }}
                >
                  {c.label}
                </button>
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, counts]) => (
          <tr key={label} data-counts={label}>
            <th scope="row">{label}</th>
            {countColumns.map((c) => (
              <td key={c.key} data-count={c.key} class={`count-cell count-cell-${c.key}`}>
                {(counts[c.key] ?? 0).toLocaleString('en-US')}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
