// A map run's child executions (ListExecutions with its mapRunArn, a status filter by the API), read 1,000 a
// call and shown as they arrive in a virtualised list: only the rows in view are in the page, so tens of
// thousands of children scroll as smoothly as ten. Each row opens its child's execution page.

import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { call } from '../api/client.ts';
import type { ExecutionListItem } from '../api/types.ts';
import { formatDate, formatDuration, ms } from '../components/format.ts';
import { Link } from '../components/link.tsx';
import { ExecutionBadge, executionLabel, executionStatuses } from '../components/status.tsx';
import { Card, ErrorBox } from '../components/ui.tsx';
import { useVirtualRows } from '../components/virtual.ts';
import { paths } from '../router.ts';

const rowHeight = 36;

interface Loading {
  rows: ExecutionListItem[];
  done: boolean;
  error: unknown;
}

/** Every child with `status` (all when ''), page after page; `generation` reads them again. */
function useChildren(mapRunArn: string, status: string, generation: number): Loading {
  const rows = useRef<ExecutionListItem[]>([]);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [state, setState] = useState<{ done: boolean; error: unknown }>({ done: false, error: undefined });
  useEffect(() => {
    const signal = { cancelled: false };
    const read = async () => {
      const fresh: ExecutionListItem[] = [];
      let nextToken: string | undefined;
      do {
        const page = await call('ListExecutions', {
          mapRunArn,
          maxResults: 1000,
          ...(status === '' ? {} : { statusFilter: status }),
          ...(nextToken === undefined ? {} : { nextToken }),
        });
        if (signal.cancelled) return;
        fresh.push(...page.executions);
        // A first read shows rows as they come; a re-read swaps the list once it is whole, so it never shrinks.
        if (generation === 0 || page.nextToken === undefined) rows.current = fresh;
        nextToken = page.nextToken;
        rerender(0);
      } while (nextToken !== undefined);
      setState({ done: true, error: undefined });
    };
    setState({ done: false, error: undefined });
    if (generation === 0) rows.current = [];
    read().catch((error: unknown) => {
      if (!signal.cancelled) setState({ done: true, error });
    });
    return () => {
      signal.cancelled = true;
    };
  }, [mapRunArn, status, generation]);
  return { rows: rows.current, ...state };
}

export function MapRunChildren(props: {
  mapRunArn: string;
  status: string;
  total: number;
  /**
   * Changes when the run's counts do: the children are read again, so the list follows a running run (and shows
   * how each ended). '' for a run too large to re-read on every change: its list refreshes on demand.
   */
  changes: string;
  onStatus: (status: string) => void;
}) {
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    setGeneration(0);
  }, [props.status]);
  const seen = useRef(props.changes);
  useEffect(() => {
    if (props.changes !== '' && props.changes !== seen.current) setGeneration((g) => g + 1);
    seen.current = props.changes;
  }, [props.changes]);
  const children = useChildren(props.mapRunArn, props.status, generation);
  const rows = useVirtualRows(children.rows.length, rowHeight);
  return (
    <Card
      class="map-run-children"
      title="Child executions"
      actions={
        <>
          <select
            aria-label="Status"
            value={props.status}
            onChange={(e) => {
              props.onStatus(e.currentTarget.value);
            }}
          >
            <option value="">All statuses</option>
            {executionStatuses
              .filter((s) => s !== 'PENDING_REDRIVE')
              .map((s) => (
                <option key={s} value={s}>
                  {executionLabel(s)}
                </option>
              ))}
          </select>
          <span class="muted" data-testid="children-count">
            {children.rows.length.toLocaleString('en-US')}
            {props.status === '' ? ` of ${props.total.toLocaleString('en-US')}` : ''} children
            {children.done ? '' : ' · loading…'}
          </span>
          <button
            type="button"
            class="button"
            onClick={() => {
              setGeneration((g) => g + 1);
            }}
          >
            Refresh
          </button>
        </>
      }
    >
      {children.error !== undefined && <ErrorBox error={children.error} title="Could not list the children" />}
      <div class="children-head" aria-hidden="true">
        <span>Name</span>
        <span>Status</span>
        <span>Started</span>
        <span>Duration</span>
      </div>
      <div class="children-list" ref={rows.scrollRef} data-testid="map-run-children">
        <div style={{ height: `${String(rows.totalSize)}px`, position: 'relative' }}>
          {rows.items.map((item) => {
            const child = children.rows[item.index];
            return child === undefined ? null : (
              <ChildRow key={child.executionArn} child={child} top={item.start} index={item.index} />
            );
          })}
        </div>
        {children.done && children.rows.length === 0 && (
          <div class="empty-row">{props.status === '' ? 'No child has started yet.' : 'No child has this status.'}</div>
        )}
      </div>
    </Card>
  );
}

function ChildRow(props: { child: ExecutionListItem; top: number; index: number }) {
  const { child } = props;
  const start = ms(child.startDate) ?? 0;
  const stop = ms(child.stopDate);
  return (
    <div
      class="child-row"
      style={{ transform: `translateY(${String(props.top)}px)` }}
      data-index={props.index}
      data-child={child.name}
    >
      <Link href={paths.execution(child.executionArn)} class="mono-link child-name">
        {child.name}
      </Link>
      <span>
        <ExecutionBadge status={child.status} />
      </span>
      <span class="child-time">{formatDate(start)}</span>
      <span class="child-time">{stop === undefined ? 'running' : formatDuration(stop - start)}</span>
    </div>
  );
}
