// A Map state's run: how many iterations succeeded, failed, run or were aborted, and every iteration in a
// virtualised list; choosing one shows that iteration alone on the graph and in the panel.

import { useMemo, useState } from 'preact/hooks';
import { formatDuration } from '../components/format.ts';
import { useVirtualRows } from '../components/virtual.ts';
import type { IterationStatus, Scope, Visit } from '../history/trace.ts';

const order: IterationStatus[] = ['running', 'succeeded', 'failed', 'aborted'];
const labels: Record<IterationStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  aborted: 'Aborted',
};

export function MapRuns(props: {
  visit: Visit;
  chosen: string | undefined;
  onChoose: (path: string | undefined) => void;
}) {
  const { visit } = props;
  const [filter, setFilter] = useState<IterationStatus | ''>('');
  const all = useMemo(
    () => [...visit.iterations.values()].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)),
    [visit, visit.events.length],
  );
  const counts = useMemo(() => {
    const c: Partial<Record<IterationStatus, number>> = {};
    for (const s of all) c[s.status] = (c[s.status] ?? 0) + 1;
    return c;
  }, [all]);
  const shown = filter === '' ? all : all.filter((s) => s.status === filter);
  const rows = useVirtualRows(shown.length, 30);
  const total = visit.itemCount ?? all.length;
  return (
    <div class="map-runs" data-testid="map-runs">
      <div class="map-counts">
        <button
          type="button"
          class={filter === '' ? 'count-filter active' : 'count-filter'}
          onClick={() => {
            setFilter('');
          }}
        >
          <strong>{total.toLocaleString('en-US')}</strong> items
        </button>
        {order.map((s) =>
          (counts[s] ?? 0) > 0 ? (
            <button
              key={s}
              type="button"
              class={`count-filter count-${s}${filter === s ? ' active' : ''}`}
              onClick={() => {
                setFilter(filter === s ? '' : s);
              }}
              data-count={s}
            >
              <strong>{(counts[s] ?? 0).toLocaleString('en-US')}</strong> {labels[s].toLowerCase()}
            </button>
          ) : null,
        )}
      </div>
      <div class="iteration-list" ref={rows.scrollRef} data-testid="iterations">
        <div style={{ height: `${String(rows.totalSize)}px`, position: 'relative' }}>
          {rows.items.map((item) => {
            const scope = shown[item.index] as Scope;
            const active = props.chosen === scope.path;
            return (
              <button
                type="button"
                key={scope.path}
                class={`iteration${active ? ' iteration-active' : ''}`}
                style={{ transform: `translateY(${String(item.start)}px)` }}
                onClick={() => {
                  props.onChoose(active ? undefined : scope.path);
                }}
                data-iteration={scope.index}
              >
                <span class={`dot dot-${scope.status}`} />
                <span class="iteration-index">Iteration {scope.index}</span>
                <span class="iteration-status">{labels[scope.status]}</span>
                <span class="iteration-time">
                  {scope.endTime === undefined ? '' : formatDuration(scope.endTime - scope.startTime)}
                </span>
              </button>
            );
          })}
        </div>
      </div>
    </div>
  );
}
