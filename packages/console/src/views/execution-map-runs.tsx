// The ways to an execution's map runs: the Distributed Map's panel on the graph (its run's live counts and a
// link), and the execution page's Map runs tab (ListMapRuns).

import { useEffect } from 'preact/hooks';
import { call, listAll } from '../api/client.ts';
import { formatDate, formatDuration, mapRunLabel, ms } from '../components/format.ts';
import { Link } from '../components/link.tsx';
import { ExecutionBadge } from '../components/status.tsx';
import { ErrorBox, Spinner } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { paths } from '../router.ts';

/** A Distributed Map's run in the state panel: its status and counts (read again while it runs), and a link. */
export function MapRunLink(props: { arn: string }) {
  const run = useData(() => call('DescribeMapRun', { mapRunArn: props.arn }), [props.arn]);
  const status = run.data?.status;
  useEffect(() => {
    if (status !== 'RUNNING') return;
    const timer = setInterval(run.reload, 2000);
    return () => {
      clearInterval(timer);
    };
  }, [status, run.reload]);
  const counts = run.data?.executionCounts;
  return (
    <div class="map-run-link" data-testid="map-run-link">
      {run.data !== undefined && counts !== undefined && (
        <div class="panel-status">
          <ExecutionBadge status={run.data.status} />
          <span class="muted">
            {(counts.total - counts.pending - counts.running).toLocaleString('en-US')} of{' '}
            {counts.total.toLocaleString('en-US')} children ended
            {counts.failed + counts.timedOut > 0
              ? ` · ${(counts.failed + counts.timedOut).toLocaleString('en-US')} failed`
              : ''}
          </span>
        </div>
      )}
      {run.error !== undefined && <ErrorBox error={run.error} />}
      <Link href={paths.mapRun(props.arn)} class="strong-link">
        Open map run {mapRunLabel(props.arn)} →
      </Link>
    </div>
  );
}

/** The execution page's tab: every map run its Distributed Maps started. */
export function ExecutionMapRuns(props: { executionArn: string }) {
  const runs = useData(
    () => listAll('ListMapRuns', { executionArn: props.executionArn, maxResults: 1000 }, (page) => page.mapRuns),
    [props.executionArn],
  );
  if (runs.error !== undefined) return <ErrorBox error={runs.error} title="Could not list the map runs" />;
  if (runs.data === undefined) return <Spinner />;
  return (
    <div class="table-card">
      <table class="table" data-testid="map-runs-list">
        <thead>
          <tr>
            <th>Map run</th>
            <th>Started</th>
            <th>Duration</th>
          </tr>
        </thead>
        <tbody>
          {runs.data.map((r) => (
            <tr key={r.mapRunArn}>
              <td>
                <Link href={paths.mapRun(r.mapRunArn)} class="strong-link mono-link">
                  {mapRunLabel(r.mapRunArn)}
                </Link>
                <div class="sub mono">{r.mapRunArn.split(':').slice(-1)[0]}</div>
              </td>
              <td>{formatDate(ms(r.startDate))}</td>
              <td>
                {r.stopDate === undefined ? (
                  <span class="muted">running</span>
                ) : (
                  formatDuration((ms(r.stopDate) ?? 0) - (ms(r.startDate) ?? 0))
                )}
              </td>
            </tr>
          ))}
          {runs.data.length === 0 && (
            <tr>
              <td colSpan={3} class="empty-row">
                No map run yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
