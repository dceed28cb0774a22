// The graph of a definition, before layout: one node per state, Parallel branches and Map processors as
// nested containers, and the edges of Next, Choice rules (labelled with their condition), Default and Catch.
// It reads the parsed JSON tolerantly, so the editor can draw a definition that does not validate yet.

import { describeRule, shorten } from './conditions.ts';

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch';

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  label?: string;
  /** The full text behind a shortened label. */
  title?: string;
}

export interface GraphNode {
  /** Unique: the state's JSON pointer (`/States/Fan/ItemProcessor/States/Work`), or a marker's id. */
  id: string;
  kind: 'state' | 'start' | 'end' | 'branch';
  /** The state name (the branch's title for a branch). */
  name: string;
  stateType?: string;
  /** `Retry` summary shown on the node, e.g. "Retry ×3 (Timeout, States.TaskFailed)". */
  retry?: string;
  /** Caption under the name: the resource, the wait, the error of a Fail state. */
  detail?: string;
  /** Nested blocks: a Parallel's branches, a Map's processor states. */
  children: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphModel {
  root: GraphNode;
  /** Node id by state name, for colouring by the history. */
  idByName: Map<string, string>;
  stateCount: number;
}

type Json = Record<string, unknown>;

export function buildGraph(definition: unknown): GraphModel {
  const idByName = new Map<string, string>();
  const root: GraphNode = { id: 'root', kind: 'branch', name: '', children: [], edges: [] };
  const block = asObject(definition);
  const start: GraphNode = { id: '__start', kind: 'start', name: 'Start', children: [], edges: [] };
  const end: GraphNode = { id: '__end', kind: 'end', name: 'End', children: [], edges: [] };
  root.children.push(start);
  const states = addBlock(root, block, '', idByName, end.id);
  root.children.push(end);
  const startAt = typeof block.StartAt === 'string' ? block.StartAt : undefined;
  const first = startAt === undefined ? undefined : states.get(startAt);
  if (first !== undefined) root.edges.push({ id: 'start', source: start.id, target: first, kind: 'next' });
  return { root, idByName, stateCount: idByName.size };
}

/** Adds a States block's nodes and edges to `parent`; returns node ids by name. */
function addBlock(
  parent: GraphNode,
  block: Json,
  pointer: string,
  idByName: Map<string, string>,
  endId: string | undefined,
): Map<string, string> {
  const states = asObject(block.States);
  const ids = new Map<string, string>();
  for (const name of Object.keys(states)) ids.set(name, `${pointer}/States/${name}`);
  for (const [name, value] of Object.entries(states)) {
    const state = asObject(value);
    const id = ids.get(name) ?? name;
    if (!idByName.has(name)) idByName.set(name, id);
    const node: GraphNode = { id, kind: 'state', name, children: [], edges: [], ...describeState(state) };
    addNested(node, state, id, idByName);
    parent.children.push(node);
    addEdges(parent, id, state, ids, endId);
  }
  return ids;
}

function addNested(node: GraphNode, state: Json, id: string, idByName: Map<string, string>): void {
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
    state.Branches.forEach((branch, index) => {
      const pointer = `${id}/Branches/${String(index)}`;
      const container: GraphNode = {
        id: pointer,
        kind: 'branch',
        name: `Branch ${String(index + 1)}`,
        children: [],
        edges: [],
      };
      addBlock(container, asObject(branch), pointer, idByName, undefined);
      node.children.push(container);
    });
  }
  if (state.Type === 'Map') {
    const field = state.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator';
    addBlock(node, asObject(state[field]), `${id}/${field}`, idByName, undefined);
  }
}

function addEdges(parent: GraphNode, id: string, state: Json, ids: Map<string, string>, endId: string | undefined) {
  const edge = (target: unknown, kind: EdgeKind, text?: string) => {
    const to = typeof target === 'string' ? ids.get(target) : undefined;
    if (to === undefined) return;
    const label = text === undefined ? undefined : shorten(text);
    parent.edges.push({
      id: `${id}->${to}#${String(parent.edges.length)}`,
      source: id,
      target: to,
      kind,
      ...(label === undefined ? {} : { label }),
      ...(text !== undefined && label !== text ? { title: text } : {}),
    });
  };
  if (state.Type === 'Choice') {
    for (const rule of Array.isArray(state.Choices) ? state.Choices : []) {
      edge(asObject(rule).Next, 'choice', describeRule(rule));
    }
    edge(state.Default, 'default', 'Default');
  } else {
    edge(state.Next, 'next');
  }
  for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) {
    const errors = asObject(catcher).ErrorEquals;
    edge(asObject(catcher).Next, 'catch', `Catch ${Array.isArray(errors) ? errors.join(', ') : ''}`);
  }
  const ends = state.End === true || state.Type === 'Succeed' || state.Type === 'Fail';
  if (ends && endId !== undefined) {
    parent.edges.push({ id: `${id}->end`, source: id, target: endId, kind: 'next' });
  }
}

function describeState(state: Json): Pick<GraphNode, 'stateType' | 'retry' | 'detail'> {
  const type = typeof state.Type === 'string' ? state.Type : '?';
  const result: Pick<GraphNode, 'stateType' | 'retry' | 'detail'> = { stateType: type };
  const retriers = Array.isArray(state.Retry) ? state.Retry.map(asObject) : [];
  if (retriers.length > 0) {
    const attempts = retriers.reduce((sum, r) => sum + (typeof r.MaxAttempts === 'number' ? r.MaxAttempts : 3), 0);
    const errors = retriers.flatMap((r) => (Array.isArray(r.ErrorEquals) ? r.ErrorEquals.map(String) : []));
    result.retry = `Retry up to ${String(attempts)}× on ${errors.join(', ')}`;
  }
  const detail = stateDetail(type, state);
  if (detail !== undefined) result.detail = shorten(detail, 34);
  return result;
}

function stateDetail(type: string, state: Json): string | undefined {
  if (type === 'Task' && typeof state.Resource === 'string') {
    const resource = state.Resource;
    const fn = /:function:([^:]+)/.exec(resource) ?? /"FunctionName"\s*:\s*"([^"]+)"/.exec(JSON.stringify(state));
    if (fn?.[1] !== undefined) return `λ ${fn[1].replace(/^.*:function:/, '')}`;
    return resource.replace(/^arn:aws:states:::/, '');
  }
  if (type === 'Wait') {
    for (const key of ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath']) {
      const value = state[key];
      if (typeof value === 'string' || typeof value === 'number') return `${key} ${String(value)}`;
    }
  }
  if (type === 'Fail' && typeof state.Error === 'string') return state.Error;
  if (type === 'Map') {
    const mode = asObject(asObject(state.ItemProcessor).ProcessorConfig).Mode;
    return mode === 'DISTRIBUTED' ? 'Distributed' : undefined;
  }
  return undefined;
}

function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
