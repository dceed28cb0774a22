// Lays the graph out with ELK's layered algorithm, in a web worker so that a large machine never blocks the
// page. Node sizes come from the text they show, measured with the page's own font.

import ELK, { type ElkExtendedEdge, type ElkNode, type LayoutOptions } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { GraphEdge, GraphModel, GraphNode } from './model.ts';

export interface Point {
  x: number;
  y: number;
}

export interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  edge: GraphEdge;
  /** One polyline per section (an edge wrapped across columns has several); the last one ends at the target. */
  sections: Point[][];
  label?: { x: number; y: number; width: number; height: number };
}

export interface GraphLayout {
  /** Containers before their contents, so that they are drawn underneath. */
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export const nameFont = '600 13px "Inter Variable", system-ui, sans-serif';
export const detailFont = '400 11px "Inter Variable", system-ui, sans-serif';
export const labelFont = '500 11px "Inter Variable", system-ui, sans-serif';

const baseOptions: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  'elk.spacing.nodeNode': '32',
  'elk.spacing.edgeNode': '20',
  'elk.spacing.edgeEdge': '14',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
  'elk.edgeLabels.placement': 'CENTER',
};

let elk: InstanceType<typeof ELK> | undefined;
let canvas: CanvasRenderingContext2D | null | undefined;

function measure(text: string, font: string): number {
  canvas ??= document.createElement('canvas').getContext('2d');
  if (canvas === null) return text.length * 7;
  canvas.font = font;
  return Math.ceil(canvas.measureText(text).width);
}

export async function layoutGraph(model: GraphModel): Promise<GraphLayout> {
  await document.fonts.ready;
  elk ??= new ELK({ workerUrl: elkWorkerUrl });
  const input = toElk(model.root);
  input.layoutOptions = { ...baseOptions, 'elk.padding': '[top=24,left=24,bottom=24,right=24]' };
  // A long machine wraps into side-by-side columns instead of one column too tall to read when fitted.
  if (model.stateCount > 30) {
    input.layoutOptions['elk.layered.wrapping.strategy'] = 'MULTI_EDGE';
    input.layoutOptions['elk.aspectRatio'] = '1.6';
  }
  const output = await elk.layout(input);
  const layout: GraphLayout = { nodes: [], edges: [], width: output.width ?? 0, height: output.height ?? 0 };
  const byId = new Map<string, GraphNode>();
  index(model.root, byId);
  const origins = new Map<string, Point>([['root', { x: 0, y: 0 }]]);
  place(output, { x: 0, y: 0 }, byId, origins, layout);
  placeEdges(output, byId, origins, layout);
  return layout;
}

function index(node: GraphNode, byId: Map<string, GraphNode>): void {
  byId.set(node.id, node);
  for (const child of node.children) index(child, byId);
}

function toElk(node: GraphNode): ElkNode {
  const elkNode: ElkNode = { id: node.id, children: node.children.map(toElk), edges: node.edges.map(toElkEdge) };
  if (node.kind === 'start' || node.kind === 'end') {
    elkNode.width = 64;
    elkNode.height = 28;
  } else if (node.children.length === 0 && node.kind === 'state') {
    const text = Math.max(
      measure(node.name, nameFont),
      node.detail === undefined ? 0 : measure(node.detail, detailFont),
    );
    elkNode.width = Math.min(300, Math.max(150, text + 48));
    elkNode.height = node.detail === undefined ? 44 : 56;
  } else if (node.id !== 'root') {
    const top = node.kind === 'branch' ? 30 : 48;
    elkNode.layoutOptions = { ...baseOptions, 'elk.padding': `[top=${String(top)},left=16,bottom=16,right=16]` };
    if (node.kind === 'branch') elkNode.layoutOptions['elk.alignment'] = 'TOP';
    // A container is at least as wide as its title.
    const title = measure(node.name, nameFont) + (node.kind === 'branch' ? 24 : 140);
    elkNode.layoutOptions['elk.nodeSize.minimum'] = `(${String(title)}, 60)`;
    elkNode.layoutOptions['elk.nodeSize.constraints'] = 'MINIMUM_SIZE';
    // A Parallel's branches stand side by side (unconnected, ELK would otherwise stack them).
    if (node.stateType === 'Parallel') elkNode.layoutOptions['elk.separateConnectedComponents'] = 'false';
  }
  return elkNode;
}

function toElkEdge(edge: GraphEdge): ElkExtendedEdge {
  const result: ElkExtendedEdge = { id: edge.id, sources: [edge.source], targets: [edge.target] };
  if (edge.label !== undefined) {
    result.labels = [{ text: edge.label, width: measure(edge.label, labelFont) + 12, height: 18 }];
  }
  return result;
}

function place(
  elkNode: ElkNode,
  origin: Point,
  byId: Map<string, GraphNode>,
  origins: Map<string, Point>,
  layout: GraphLayout,
): void {
  for (const child of elkNode.children ?? []) {
    const at = { x: origin.x + (child.x ?? 0), y: origin.y + (child.y ?? 0) };
    origins.set(child.id, at);
    const node = byId.get(child.id);
    if (node !== undefined) {
      layout.nodes.push({ node, x: at.x, y: at.y, width: child.width ?? 0, height: child.height ?? 0 });
    }
    place(child, at, byId, origins, layout);
  }
}

function placeEdges(
  elkNode: ElkNode,
  byId: Map<string, GraphNode>,
  origins: Map<string, Point>,
  layout: GraphLayout,
): void {
  const edges = new Map<string, GraphEdge>();
  for (const node of byId.values()) for (const edge of node.edges) edges.set(edge.id, edge);
  const visit = (n: ElkNode) => {
    for (const e of n.edges ?? []) {
      const edge = edges.get(e.id);
      // ELK gives edge coordinates relative to the edge's container.
      const origin = origins.get(e.container ?? n.id) ?? origins.get(n.id) ?? { x: 0, y: 0 };
      if (edge === undefined) continue;
      const sections = [...(e.sections ?? [])]
        .sort((a, b) =>
          (a.outgoingSections?.length ?? 0) === 0 ? 1 : (b.outgoingSections?.length ?? 0) === 0 ? -1 : 0,
        )
        .map((section) =>
          [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({
            x: origin.x + p.x,
            y: origin.y + p.y,
          })),
        );
      const l = e.labels?.[0];
      layout.edges.push({
        edge,
        sections,
        ...(l === undefined
          ? {}
          : {
              label: { x: origin.x + (l.x ?? 0), y: origin.y + (l.y ?? 0), width: l.width ?? 0, height: l.height ?? 0 },
            }),
      });
    }
    for (const child of n.children ?? []) visit(child);
  };
  visit(elkNode);
}
