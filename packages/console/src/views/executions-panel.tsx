// A machine's executions: filtered by status (by the API), by name and time range (while paging, newest
// first), refreshed live as executions start and finish.

import { useEffect, useState } from 'preact/hooks';
import { call } from '../api/client.ts';
import { watchChanges } from '../api/stream.ts';
import type { ExecutionListItem, ExecutionStatus } from '../api/types.ts';
import { formatAgo, formatDate, formatDuration, ms } from '../components/format.ts';
import { Link } from '../components/link.tsx';
import { ExecutionBadge, executionLabel, executionStatuses } from '../components/status.tsx';
import { ErrorBox, LiveDot, Spinner } from '../components/ui.tsx';
import { useData } from '../components/use-data.ts';
import { paths, setQuery } from '../router.ts';

const pageTarget = 50;
/** At most this many executions are read to find name or time matches before asking to load more. */
const scanLimit = 5000;

const ranges: Record<string, number> = { '15m': 15 * 60_000, '1h': 3600_000, '24h': 86400_000, '7d': 7 * 86400_000 };

interface Filters {
  status: string;
  name: string;
  from: number | undefined;
  to: number | undefined;
}

interface Loaded {
  rows: ExecutionListItem[];
  nextToken: string | undefined;
  scanned: number;
}

async function loadPage(machineArn: string, f: Filters, limit: number): Promise<Loaded> {
  const rows: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  let scanned = 0;
  const needle = f.name.trim().toLowerCase();
  for (;;) {
    const page = await call('ListExecutions', {
      stateMachineArn: machineArn,
      maxResults: 100,
      ...(f.status === '' ? {} : { statusFilter: f.status }),
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    nextToken = page.nextToken;
    let older = false;
    for (const e of page.executions) {
      scanned += 1;
      const start = ms(e.startDate) ?? 0;
      if (f.from !== undefined && start < f.from) {
        older = true;
        break;
      }
      if (f.to !== undefined && start > f.to) continue;
      if (needle !== '' && !e.name.toLowerCase().includes(needle)) continue;
      rows.push(e);
    }
    if (older) nextToken = undefined;
    if (nextToken === undefined || rows.length >= limit || scanned >= scanLimit) break;
  }
  return { rows, nextToken, scanned };
}

function filtersOf(query: URLSearchParams): Filters {
  const range = query.get('range') ?? '';
  const parse = (v: string | null) => (v === null || v === '' ? undefined : new Date(v).getTime());
  return {
    status: query.get('status') ?? '',
    name: query.get('name') ?? '',
    from: ranges[range] !== undefined ? Date.now() - (ranges[range] ?? 0) : parse(query.get('from')),
    to: ranges[range] !== undefined ? undefined : parse(query.get('to')),
  };
}

export function ExecutionsPanel(props: { machineArn: string; query: URLSearchParams }) {
  const { machineArn, query } = props;
  const [limit, setLimit] = useState(pageTarget);
  const key = ['status', 'name', 'range', 'from', 'to'].map((k) => query.get(k) ?? '').join('|');
  const list = useData(() => loadPage(machineArn, filtersOf(query), limit), [machineArn, key, limit]);
  useEffect(() => watchChanges(machineArn, list.reload), [machineArn, list.reload]);
  const range = query.get('range') ?? '';

  return (
    <div class="executions">
      <div class="toolbar">
        <select
          aria-label="Status"
          value={query.get('status') ?? ''}
          onChange={(e) => {
            setQuery({ status: e.currentTarget.value });
          }}
        >
          <option value="">All statuses</option>
          {executionStatuses
            .filter((s) => s !== 'PENDING_REDRIVE')
            .map((s: ExecutionStatus) => (
              <option key={s} value={s}>
                {executionLabel(s)}
              </option>
            ))}
        </select>
        <input
          type="search"
          class="search"
          placeholder="Search by name"
          aria-label="Search executions by name"
          value={query.get('name') ?? ''}
          onInput={(e) => {
            setQuery({ name: e.currentTarget.value });
          }}
        />
        <div class="segmented" role="group" aria-label="Started within">
          {['15m', '1h', '24h', '7d', ''].map((r) => (
            <button
              key={r}
              type="button"
              class={range === r && (r !== '' || (query.get('from') ?? '') === '') ? 'seg seg-active' : 'seg'}
              onClick={() => {
                setQuery({ range: r, from: undefined, to: undefined });
              }}
            >
              {r === '' ? 'All time' : r}
            </button>
          ))}
        </div>
        <label class="inline-field">
          From
          <input
            type="datetime-local"
            value={query.get('from') ?? ''}
            onChange={(e) => {
              setQuery({ from: e.currentTarget.value, range: undefined });
            }}
          />
        </label>
        <label class="inline-field">
          To
          <input
            type="datetime-local"
            value={query.get('to') ?? ''}
            onChange={(e) => {
              setQuery({ to: e.currentTarget.value, range: undefined });
            }}
          />
        </label>
        <span class="toolbar-spacer" />
        <LiveDot live />
      </div>
      {list.error !== undefined && <ErrorBox error={list.error} title="Could not list the executions" />}
      {list.data === undefined ? (
        <Spinner />
      ) : (
        <div class="table-card">
          <table class="table" data-testid="executions">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Started</th>
                <th>Duration</th>
                <th>Version / alias</th>
              </tr>
            </thead>
            <tbody>
              {list.data.rows.map((e) => (
                <tr key={e.executionArn} data-execution={e.name}>
                  <td>
                    <Link href={paths.execution(e.executionArn)} class="strong-link mono-link">
                      {e.name}
                    </Link>
                    {(e.redriveCount ?? 0) > 0 && <span class="chip">redriven ×{e.redriveCount}</span>}
                  </td>
                  <td>
                    <ExecutionBadge status={e.status} />
                  </td>
                  <td title={formatDate(ms(e.startDate))}>
                    {formatDate(ms(e.startDate))}
                    <div class="sub">{formatAgo(ms(e.startDate))}</div>
                  </td>
                  <td>
                    {e.stopDate === undefined ? (
                      <span class="muted">running for {formatDuration(Date.now() - (ms(e.startDate) ?? 0))}</span>
                    ) : (
                      formatDuration((ms(e.stopDate) ?? 0) - (ms(e.startDate) ?? 0))
                    )}
                  </td>
                  <td class="muted">
                    {e.stateMachineAliasArn !== undefined
                      ? `alias ${e.stateMachineAliasArn.split(':').pop() ?? ''}`
                      : e.stateMachineVersionArn !== undefined
                        ? `version ${e.stateMachineVersionArn.split(':').pop() ?? ''}`
                        : '$LATEST'}
                  </td>
                </tr>
              ))}
              {list.data.rows.length === 0 && (
                <tr>
                  <td colSpan={5} class="empty-row">
                    {key.replace(/\|/g, '') === ''
                      ? 'No executions yet: start one with “Start execution”.'
                      : 'No executions match these filters.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          {list.data.nextToken !== undefined && (
            <div class="table-footer">
              <button
                type="button"
                class="button"
                onClick={() => {
                  setLimit((l) => l + pageTarget * 2);
                }}
              >
                Load more
              </button>
              <span class="muted">{list.data.scanned.toLocaleString('en-US')} executions read</span>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
