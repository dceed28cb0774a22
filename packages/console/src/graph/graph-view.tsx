// Draws a laid-out graph as SVG (text as text nodes, never HTML), with pan (drag), zoom (wheel, buttons) and
// fit. States are coloured by status when an execution is shown; clicking a state selects it.

import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { shorten } from './conditions.ts';
import type { GraphLayout, PlacedEdge, PlacedNode, Point } from './layout.ts';
import type { StateStatus } from './status.ts';

export interface GraphViewProps {
  layout: GraphLayout | undefined;
  /** Status per state name; absent: the definition alone is shown. */
  statuses?: Map<string, StateStatus>;
  /** A small count shown on a state (iterations of states inside a Map). */
  badges?: Map<string, string>;
  selected?: string | undefined;
  onSelect?: (name: string) => void;
  /** Shown over the graph (e.g. "Laying out…", "Showing the last valid definition"). */
  note?: string | undefined;
  children?: ComponentChildren;
}

interface View {
  x: number;
  y: number;
  k: number;
}

export function GraphView(props: GraphViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  /** How the view follows layout and size changes: readable (the start), whole (after Fit), or left alone. */
  const fitMode = useRef<'readable' | 'whole' | 'manual'>('readable');
  const drag = useRef<{ x: number; y: number; view: View; moved: boolean } | undefined>(undefined);

  /** Whole graph in view; `readable` keeps text legible (a large graph then starts at its top, to pan). */
  const fit = (readable = true) => {
    const el = box.current;
    const layout = props.layout;
    if (el === null || layout === undefined || layout.width === 0) return;
    const w = el.clientWidth;
    const h = el.clientHeight;
    const whole = Math.min(1.1, (w - 24) / layout.width, (h - 24) / layout.height);
    const k = readable ? Math.max(whole, 0.8) : whole;
    const x = layout.width * k <= w ? (w - layout.width * k) / 2 : 12;
    const y = layout.height * k <= h ? (h - layout.height * k) / 2 : 8;
    setView({ k, x, y });
  };

  const refit = useRef(() => {});
  refit.current = () => {
    if (fitMode.current !== 'manual') fit(fitMode.current === 'readable');
  };

  useLayoutEffect(() => {
    refit.current();
  }, [props.layout]);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const observer = new ResizeObserver(() => {
      refit.current();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
    };
  }, []);

  const zoomAt = (factor: number, at?: Point) => {
    fitMode.current = 'manual';
    setView((v) => {
      const el = box.current;
      const p = at ?? { x: (el?.clientWidth ?? 0) / 2, y: (el?.clientHeight ?? 0) / 2 };
      const k = Math.min(3, Math.max(0.08, v.k * factor));
      return { k, x: p.x - ((p.x - v.x) * k) / v.k, y: p.y - ((p.y - v.y) * k) / v.k };
    });
  };

  const onWheel = (event: WheelEvent) => {
    event.preventDefault();
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY * 0.0015), { x: event.clientX - rect.left, y: event.clientY - rect.top });
  };

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    drag.current = { x: event.clientX, y: event.clientY, view, moved: false };
  };
  const onPointerMove = (event: PointerEvent) => {
    const d = drag.current;
    if (d === undefined) return;
    const dx = event.clientX - d.x;
    const dy = event.clientY - d.y;
    if (!d.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!d.moved) (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    d.moved = true;
    fitMode.current = 'manual';
    setView({ ...d.view, x: d.view.x + dx, y: d.view.y + dy });
  };
  const onPointerUp = () => {
    // A click (no drag) on a state selects it; the click handler runs after this.
    setTimeout(() => (drag.current = undefined), 0);
  };

  const select = (name: string) => {
    if (drag.current?.moved === true) return;
    props.onSelect?.(name);
  };

  const layout = props.layout;
  return (
    <div
      class={`graph${drag.current?.moved === true ? ' graph-dragging' : ''}`}
      ref={box}
      onWheel={onWheel}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      data-testid="graph"
    >
      {layout !== undefined && (
        <svg class="graph-svg" width="100%" height="100%">
          <Markers />
          <g transform={`translate(${String(view.x)},${String(view.y)}) scale(${String(view.k)})`}>
            {layout.nodes.filter((n) => n.node.children.length > 0).map((n) => container(n, props, select))}
            {layout.edges.map((e) => (
              <Edge key={e.edge.id} placed={e} />
            ))}
            {layout.nodes.filter((n) => n.node.children.length === 0).map((n) => leaf(n, props, select))}
          </g>
        </svg>
      )}
      {props.note !== undefined && <div class="graph-note">{props.note}</div>}
      <div class="graph-controls">
        <button
          type="button"
          title="Zoom in"
          onClick={() => {
            zoomAt(1.25);
          }}
        >
          +
        </button>
        <button
          type="button"
          title="Zoom out"
          onClick={() => {
            zoomAt(0.8);
          }}
        >
          −
        </button>
        <button
          type="button"
          title="Fit to view"
          onClick={() => {
            fitMode.current = 'whole';
            fit(false);
          }}
        >
          Fit
        </button>
      </div>
      {props.children}
    </div>
  );
}

function statusOf(props: GraphViewProps, name: string): string {
  if (props.statuses === undefined) return 'definition';
  return props.statuses.get(name) ?? 'not-reached';
}

function leaf(placed: PlacedNode, props: GraphViewProps, select: (name: string) => void) {
  const { node, x, y, width, height } = placed;
  if (node.kind === 'start' || node.kind === 'end') {
    return (
      <g key={node.id} class="marker-node" transform={`translate(${String(x)},${String(y)})`}>
        <rect width={width} height={height} rx={height / 2} />
        <text x={width / 2} y={height / 2 + 4} text-anchor="middle">
          {node.name}
        </text>
      </g>
    );
  }
  const status = statusOf(props, node.name);
  const selected = props.selected === node.name;
  const badge = props.badges?.get(node.name);
  const nameY = node.detail === undefined ? height / 2 + 4.5 : height / 2 - 2;
  return (
    <g
      key={node.id}
      class={`node node-${status}${selected ? ' node-selected' : ''}`}
      transform={`translate(${String(x)},${String(y)})`}
      data-state={node.name}
      data-status={status}
      onClick={() => {
        select(node.name);
      }}
    >
      <title>{`${node.name} (${node.stateType ?? ''})${node.retry === undefined ? '' : `\n${node.retry}`}`}</title>
      <rect class="node-box" width={width} height={height} rx={8} />
      <rect class="node-stripe" width={4} height={height - 12} x={6} y={6} rx={2} />
      <text class="node-name" x={width / 2 + 2} y={nameY} text-anchor="middle">
        {shorten(node.name, 34)}
      </text>
      {node.detail !== undefined && (
        <text class="node-detail" x={width / 2 + 2} y={height / 2 + 14} text-anchor="middle">
          {node.detail}
        </text>
      )}
      <text class="node-type" x={width - 8} y={12} text-anchor="end">
        {node.stateType}
      </text>
      {node.retry !== undefined && <RetryBadge x={width - 14} y={height - 2} text={node.retry} />}
      {badge !== undefined && <Pill x={10} y={-9} text={badge} />}
    </g>
  );
}

function container(placed: PlacedNode, props: GraphViewProps, select: (name: string) => void) {
  const { node, x, y, width, height } = placed;
  if (node.kind === 'branch') {
    return (
      <g key={node.id} class="branch" transform={`translate(${String(x)},${String(y)})`}>
        <rect width={width} height={height} rx={8} />
        <text x={12} y={19}>
          {node.name}
        </text>
      </g>
    );
  }
  const status = statusOf(props, node.name);
  const selected = props.selected === node.name;
  const badge = props.badges?.get(node.name);
  return (
    <g
      key={node.id}
      class={`group node-${status}${selected ? ' node-selected' : ''}`}
      transform={`translate(${String(x)},${String(y)})`}
      data-state={node.name}
      data-status={status}
    >
      <rect class="group-box" width={width} height={height} rx={10} />
      <g
        class="group-header"
        onClick={() => {
          select(node.name);
        }}
      >
        <title>{`${node.name} (${node.stateType ?? ''})${node.retry === undefined ? '' : `\n${node.retry}`}`}</title>
        <rect class="group-head" width={width} height={36} rx={10} />
        <rect class="node-stripe" width={4} height={24} x={6} y={6} rx={2} />
        <text class="node-name" x={18} y={23}>
          {shorten(node.name, 40)}
        </text>
        <text class="node-type" x={width - 12} y={23} text-anchor="end">
          {node.stateType === 'Map' ? `Map${node.detail === undefined ? '' : ` · ${node.detail}`}` : node.stateType}
        </text>
      </g>
      {node.retry !== undefined && <RetryBadge x={width - 14} y={height - 2} text={node.retry} />}
      {badge !== undefined && <Pill x={12} y={-9} text={badge} />}
    </g>
  );
}

function RetryBadge(props: { x: number; y: number; text: string }) {
  return (
    <g class="retry-badge" transform={`translate(${String(props.x)},${String(props.y)})`}>
      <title>{props.text}</title>
      <circle r={9} />
      <text y={4} text-anchor="middle">
        ↻
      </text>
    </g>
  );
}

function Pill(props: { x: number; y: number; text: string }) {
  const width = props.text.length * 6.4 + 14;
  return (
    <g class="count-pill" transform={`translate(${String(props.x)},${String(props.y)})`}>
      <rect width={width} height={18} rx={9} />
      <text x={width / 2} y={12.5} text-anchor="middle">
        {props.text}
      </text>
    </g>
  );
}

function Markers() {
  return (
    <defs>
      {['next', 'choice', 'default', 'catch'].map((kind) => (
        <marker
          key={kind}
          id={`arrow-${kind}`}
          viewBox="0 0 10 10"
          refX={9}
          refY={5}
          markerWidth={7}
          markerHeight={7}
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" class={`arrow arrow-${kind}`} />
        </marker>
      ))}
    </defs>
  );
}

function Edge(props: { placed: PlacedEdge }) {
  const { edge, sections, label } = props.placed;
  return (
    <g class={`edge edge-${edge.kind}`} data-edge={edge.kind}>
      {edge.title !== undefined && <title>{edge.title}</title>}
      {sections.map((points, i) => (
        <path
          key={i}
          d={roundedPath(points)}
          {...(i === sections.length - 1 ? { 'marker-end': `url(#arrow-${edge.kind})` } : {})}
        />
      ))}
      {label !== undefined && edge.label !== undefined && (
        <g class="edge-label" transform={`translate(${String(label.x)},${String(label.y)})`}>
          <rect width={label.width} height={label.height} rx={4} />
          <text x={label.width / 2} y={label.height / 2 + 4} text-anchor="middle">
            {edge.label}
          </text>
        </g>
      )}
    </g>
  );
}

/** An orthogonal polyline with its corners rounded. */
function roundedPath(points: Point[]): string {
  if (points.length === 0) return '';
  const [first] = points;
  let d = `M ${String(first?.x)} ${String(first?.y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i] as Point;
    const prev = points[i - 1] as Point;
    const next = points[i + 1];
    if (next === undefined) {
      d += ` L ${String(p.x)} ${String(p.y)}`;
      continue;
    }
    const r = Math.min(8, dist(prev, p) / 2, dist(p, next) / 2);
    const a = toward(p, prev, r);
    const b = toward(p, next, r);
    d += ` L ${String(a.x)} ${String(a.y)} Q ${String(p.x)} ${String(p.y)} ${String(b.x)} ${String(b.y)}`;
  }
  return d;
}

function dist(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function toward(from: Point, to: Point, r: number): Point {
  const d = dist(from, to);
  return d === 0 ? from : { x: from.x + ((to.x - from.x) * r) / d, y: from.y + ((to.y - from.y) * r) / d };
}
