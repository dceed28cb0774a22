// The state machines: type, the statuses of their recent executions, search by name; updated live.

import { useEffect, useMemo } from 'preact/hooks';
import { call, listAll } from '../api/client.ts';
import { watchChanges } from '../api/stream.ts';
import type { ExecutionStatus, StateMachineListItem } from '../api/types.ts';
import { formatAgo, formatDate, ms } from '../components/format.ts';
import { Link } from '../components/link.tsx';
import { executionLabel } from '../components/status.tsx';
import { ErrorBox, LiveDot, Spinner } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { paths, setQuery } from '../router.ts';

/** "Recent" executions: the newest this many of each machine. */
const recent = 100;
const shown: ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

interface MachineRow extends StateMachineListItem {
  counts: Partial<Record<ExecutionStatus, number>>;
  lastStart?: number;
}

async function loadMachines(): Promise<MachineRow[]> {
  const machines = await listAll('ListStateMachines', { maxResults: 1000 }, (p) => p.stateMachines);
  return Promise.all(
    machines.map(async (machine) => {
      if (machine.type !== 'STANDARD') return { ...machine, counts: {} };
      const page = await call('ListExecutions', { stateMachineArn: machine.stateMachineArn, maxResults: recent });
      const counts: Partial<Record<ExecutionStatus, number>> = {};
      for (const e of page.executions) counts[e.status] = (counts[e.status] ?? 0) + 1;
      const lastStart = ms(page.executions[0]?.startDate);
      return { ...machine, counts, ...(lastStart === undefined ? {} : { lastStart }) };
    }),
  );
}

export function MachinesView(props: { query: URLSearchParams }) {
  const search = props.query.get('q') ?? '';
  const { data, error, loading, reload } = useData(loadMachines, []);
  useEffect(() => watchChanges(undefined, reload), []);
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (data ?? [])
      .filter((m) => needle === '' || m.name.toLowerCase().includes(needle))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [data, search]);

  return (
    <div class="view">
      <div class="view-header">
        <div>
          <h1>State machines</h1>
          <p class="subtitle">Workflows on this server, with the statuses of their {recent} most recent executions.</p>
        </div>
        <LiveDot live />
      </div>
      <div class="toolbar">
        <input
          type="search"
          class="search"
          placeholder="Search by name"
          aria-label="Search state machines by name"
          value={search}
          onInput={(event) => {
            setQuery({ q: event.currentTarget.value });
          }}
        />
        <span class="toolbar-note">
          {data === undefined ? '' : `${String(rows.length)} of ${String(data.length)} state machines`}
        </span>
      </div>
      {error !== undefined && <ErrorBox error={error} title="Could not list the state machines" />}
      {loading && data === undefined ? (
        <Spinner />
      ) : data !== undefined && data.length === 0 ? (
        <EmptyMachines />
      ) : (
        <div class="table-card">
          <table class="table" data-testid="machines">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Recent executions</th>
                <th>Last started</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.stateMachineArn} data-machine={m.name}>
                  <td>
                    <Link href={paths.machine(m.stateMachineArn)} class="strong-link">
                      {m.name}
                    </Link>
                  </td>
                  <td>
                    <span class={`type-pill type-${m.type.toLowerCase()}`}>
                      {m.type === 'STANDARD' ? 'Standard' : 'Express'}
                    </span>
                  </td>
                  <td>
                    <StatusCounts counts={m.counts} express={m.type === 'EXPRESS'} />
                  </td>
                  <td class="muted" title={formatDate(m.lastStart)}>
                    {formatAgo(m.lastStart)}
                  </td>
                  <td class="muted">{formatDate(ms(m.creationDate))}</td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={5} class="empty-row">
                    No state machine matches “{search}”.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function StatusCounts(props: { counts: Partial<Record<ExecutionStatus, number>>; express: boolean }) {
  if (props.express) return <span class="muted">Express executions are not recorded</span>;
  const present = shown.filter((s) => (props.counts[s] ?? 0) > 0);
  if (present.length === 0) return <span class="muted">No executions yet</span>;
  return (
    <span class="counts">
      {present.map((s) => (
        <span key={s} class={`count count-${s.toLowerCase()}`} title={executionLabel(s)} data-count={s}>
          <span class="badge-dot" />
          {props.counts[s]} {executionLabel(s).toLowerCase()}
        </span>
      ))}
    </span>
  );
}

function EmptyMachines() {
  return (
    <div class="empty-state">
      <h2>No state machines yet</h2>
      <p>Create one with any AWS client pointed at this server, for example:</p>
      <pre class="hint">
        {`aws --endpoint-url http://${location.host} stepfunctions create-state-machine --name hello \\
  --role-arn arn:aws:iam::123456789012:role/stepwise \\
  --definition '{"StartAt":"Hi","States":{"Hi":{"Type":"Pass","End":true}}}'`}
      </pre>
    </div>
  );
}
