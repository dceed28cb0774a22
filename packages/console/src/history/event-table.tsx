// The history as a table: one row per event (id, time since the start, type, state, summary), expandable to
// the event's details. Virtualised: only the rows in view exist in the DOM, whatever the history's length.

import { useState } from 'preact/hooks';
import type { HistoryEvent } from '../api/types.ts';
import { formatDate, formatDuration } from '../components/format.ts';
import { JsonView } from '../components/json-view.tsx';
import { useVirtualRows } from '../components/virtual.ts';
import { eventDetails, eventSummary, eventTime, isFailureEvent } from './events.ts';
import type { Trace } from './trace.ts';

export function EventTable(props: { events: HistoryEvent[]; trace: Trace; onSelectState: (name: string) => void }) {
  const { events, trace } = props;
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  const rows = useVirtualRows(events.length, 37, (i) => events[i]?.id ?? i);
  const toggle = (id: number) => {
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  return (
    <div class="event-table" data-testid="event-table">
      <div class="event-row event-head">
        <span class="c-id">#</span>
        <span class="c-time">Elapsed</span>
        <span class="c-type">Type</span>
        <span class="c-state">State</span>
        <span class="c-summary">Details</span>
      </div>
      <div class="event-scroll" ref={rows.scrollRef} data-testid="event-scroll">
        <div style={{ height: `${String(rows.totalSize)}px`, position: 'relative' }}>
          {rows.items.map((item) => {
            const event = events[item.index];
            if (event === undefined) return null;
            const visit = trace.visitOf.get(event.id);
            const expanded = open.has(event.id);
            const scope = trace.scopeOf.get(event.id);
            return (
              <div
                key={event.id}
                data-index={item.index}
                ref={rows.measure}
                class={`event${expanded ? ' event-open' : ''}`}
                style={{ transform: `translateY(${String(item.start)}px)` }}
                data-event-id={event.id}
              >
                <div
                  class={`event-row${isFailureEvent(event.type) ? ' event-failed' : ''}`}
                  onClick={() => {
                    toggle(event.id);
                  }}
                >
                  <span class="c-id">
                    <span class="chevron">{expanded ? '▾' : '▸'}</span>
                    {event.id}
                  </span>
                  <span class="c-time" title={formatDate(eventTime(event))}>
                    {formatDuration(eventTime(event) - trace.startTime)}
                  </span>
                  <span class="c-type">{event.type}</span>
                  <span class="c-state">
                    {visit !== undefined && (
                      <button
                        type="button"
                        class="link-button"
                        onClick={(e) => {
                          e.stopPropagation();
                          props.onSelectState(visit.name);
                        }}
                      >
                        {visit.name}
                      </button>
                    )}
                    {scope?.kind === 'iteration' && <span class="chip chip-small">#{scope.index}</span>}
                  </span>
                  <span class="c-summary">{eventSummary(event)}</span>
                </div>
                {expanded && <EventDetails event={event} />}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function EventDetails(props: { event: HistoryEvent }) {
  const { event } = props;
  const details = eventDetails(event);
  const payloads = Object.entries(details).filter(([, v]) => typeof v === 'string' && /^[[{"]/.test(v));
  const rest = Object.fromEntries(Object.entries(details).filter(([k]) => !payloads.some(([p]) => p === k)));
  return (
    <div class="event-details">
      <div class="event-meta">
        <span>id {event.id}</span>
        <span>previous {event.previousEventId}</span>
        <span>{formatDate(eventTime(event))}</span>
      </div>
      {Object.keys(rest).length > 0 && <JsonView text={JSON.stringify(rest)} />}
      {payloads.map(([key, value]) => (
        <div key={key} class="event-payload">
          <div class="label">{key}</div>
          <JsonView text={value as string} />
        </div>
      ))}
    </div>
  );
}
