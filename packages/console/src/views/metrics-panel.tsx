// The metrics page, for one state machine or (without one) every Standard machine of the account: executions
// over time by status, duration p50/p90/p99, throughput and failures by state and error, charted from the
// stored executions (an Express machine's from the server's per-minute counts), so they are the same after a
// restart and on every node.

import { loadStats, throughput, windows, type ExecutionStats } from '../api/metrics.ts';
import { CategoryChart, TimeChart } from '../components/time-chart.tsx';
import { Card, ErrorBox, Spinner } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { setQuery } from '../router.ts';

const colors = {
  started: '#2563eb',
  succeeded: '#16a34a',
  failed: '#dc2626',
  aborted: '#64748b',
  timedOut: '#d97706',
  p50: '#4338ca',
  p90: '#0d9488',
  p99: '#db2777',
};

export function MetricsPanel(props: { machineArn?: string; query: URLSearchParams }) {
  const window = windows.find((w) => w.id === props.query.get('window')) ?? windows[0];
  const stats = useData(() => loadStats(window, props.machineArn), [window.id, props.machineArn]);
  return (
    <div class="metrics" data-testid="metrics">
      <div class="toolbar">
        <select
          class="input"
          aria-label="Time window"
          value={window.id}
          onChange={(event) => {
            setQuery({ window: event.currentTarget.value === windows[0].id ? undefined : event.currentTarget.value });
          }}
        >
          {windows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.label}
            </option>
          ))}
        </select>
        <button type="button" class="button" onClick={stats.reload}>
          Refresh
        </button>
      </div>
      {stats.error !== undefined && <ErrorBox error={stats.error} title="Could not load the metrics" />}
      {stats.data === undefined ? stats.error === undefined && <Spinner /> : <Charts stats={stats.data} />}
    </div>
  );
}

function Charts({ stats }: { stats: ExecutionStats }) {
  const times = stats.buckets.map((b) => b.start);
  const pick = (key: 'started' | 'succeeded' | 'failed' | 'aborted' | 'timedOut') => stats.buckets.map((b) => b[key]);
  const duration = (key: 'p50' | 'p90' | 'p99') => stats.buckets.map((b) => b[key] ?? null);
  const minutes = Math.round(stats.bucketMillis / 60_000);
  return (
    <div class="metrics-grid">
      <p class="muted" data-testid="metrics-summary">
        {stats.executionsRead.toLocaleString('en-US')} executions in the window, in buckets of {minutes} min
        {stats.truncated && ' (the newest only: the window holds more than the page reads)'}.
      </p>
      {stats.source === 'minute-counts' && (
        <p class="muted" data-testid="metrics-source">
          Express executions are not stored: these figures are the server&apos;s counts per minute of the executions
          that started and ended (every node&apos;s, kept 8 days; the last few seconds before a crash are lost).
          Durations are exact to within 19 %, failures name the state the execution last entered. Distributed Map
          children are not counted.
        </p>
      )}
      <Card title="Executions by status">
        <TimeChart
          testId="chart-executions"
          times={times}
          unit="executions"
          series={[
            { label: 'Started', color: colors.started, values: pick('started'), shape: 'steps' },
            { label: 'Succeeded', color: colors.succeeded, values: pick('succeeded'), shape: 'steps' },
            { label: 'Failed', color: colors.failed, values: pick('failed'), shape: 'steps' },
            { label: 'Aborted', color: colors.aborted, values: pick('aborted'), shape: 'steps' },
            { label: 'Timed out', color: colors.timedOut, values: pick('timedOut'), shape: 'steps' },
          ]}
        />
      </Card>
      <Card title="Duration">
        <TimeChart
          testId="chart-duration"
          times={times}
          unit="ms"
          series={[
            { label: 'p50', color: colors.p50, values: duration('p50') },
            { label: 'p90', color: colors.p90, values: duration('p90') },
            { label: 'p99', color: colors.p99, values: duration('p99') },
          ]}
        />
      </Card>
      <Card title="Throughput">
        <TimeChart
          testId="chart-throughput"
          times={times}
          unit="ended / min"
          series={[{ label: 'Ended per minute', color: colors.succeeded, values: throughput(stats), shape: 'bars' }]}
        />
      </Card>
      <Card title="Failures by state and error">
        {stats.failures.length === 0 ? (
          <p class="muted">No failed executions in the window.</p>
        ) : (
          <CategoryChart
            testId="chart-failures"
            labels={stats.failures.map((f) => `${f.state} · ${f.error}`)}
            unit="executions"
            series={{ label: 'Failed', color: colors.failed, values: stats.failures.map((f) => f.count) }}
          />
        )}
        <table class="table" data-testid="failures">
          <tbody>
            {stats.failures.map((f) => (
              <tr key={`${f.state}\u0000${f.error}`}>
                <td>{f.state}</td>
                <td class="mono">{f.error}</td>
                <td class="num">{f.count.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
