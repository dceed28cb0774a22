// Walks parsed JSONPath steps over a JSON document with Jayway's semantics.

import { isJsonObject, type JsonValue } from '../json/json-value.ts';
import type { PathStep } from './jsonpath-ast.ts';

type Emit = (value: JsonValue) => void;

/** Follows property/index steps only; undefined as soon as a step finds nothing. */
export function readDefinite(steps: readonly PathStep[], node: JsonValue | undefined): JsonValue | undefined {
  let current = node;
  for (const step of steps) {
    if (current === undefined) return undefined;
    if (step.kind === 'property') current = childProperty(current, step.name);
    else if (step.kind === 'index') current = childIndex(current, step.index);
    else return undefined;
  }
  return current;
}

/** Every match of `steps` from `node`, in Jayway's order. `root` is what `$` means inside filters. */
export function collectAll(steps: readonly PathStep[], node: JsonValue, root: JsonValue): JsonValue[] {
  const out: JsonValue[] = [];
  const visit = (value: JsonValue, at: number): void => {
    const step = steps[at];
    if (step === undefined) out.push(value);
    else {
      applyStep(step, value, root, (child) => {
        visit(child, at + 1);
      });
    }
  };
  visit(node, 0);
  return out;
}

export function childProperty(node: JsonValue, name: string): JsonValue | undefined {
  return isJsonObject(node) && Object.hasOwn(node, name) ? node[name] : undefined;
}

export function childIndex(node: JsonValue, index: number): JsonValue | undefined {
  if (!Array.isArray(node)) return undefined;
  return node[index < 0 ? node.length + index : index];
}

function applyStep(step: PathStep, node: JsonValue, root: JsonValue, emit: Emit): void {
  switch (step.kind) {
    case 'property':
      emitDefined(childProperty(node, step.name), emit);
      return;
    case 'index':
      emitDefined(childIndex(node, step.index), emit);
      return;
    case 'wildcard':
      eachChild(node, emit);
      return;
    case 'slice':
      if (Array.isArray(node)) emitSlice(node, step, emit);
      return;
    case 'union':
      for (const key of step.keys) {
        emitDefined(typeof key === 'string' ? childProperty(node, key) : childIndex(node, key), emit);
      }
      return;
    case 'filter':
      if (Array.isArray(node)) {
        for (const item of node) if (step.predicate(item, root)) emit(item);
      } else if (isJsonObject(node) && step.predicate(node, root)) {
        emit(node);
      }
      return;
    case 'descent':
      scan(step.step, node, root, emit);
  }
}

/** `..`: applies `inner` at the node and at every descendant, depth first, parents before children. */
function scan(inner: PathStep, node: JsonValue, root: JsonValue, emit: Emit): void {
  if (inner.kind === 'filter') {
    // Jayway's deep scan tests a filter against each object it meets, not against array elements.
    if (isJsonObject(node) && inner.predicate(node, root)) emit(node);
  } else {
    applyStep(inner, node, root, emit);
  }
  eachChild(node, (child) => {
    scan(inner, child, root, emit);
  });
}

function eachChild(node: JsonValue, emit: Emit): void {
  if (Array.isArray(node)) {
    for (const item of node) emit(item);
  } else if (isJsonObject(node)) {
    for (const key of Object.keys(node)) emit(node[key] as JsonValue);
  }
}

function emitDefined(value: JsonValue | undefined, emit: Emit): void {
  if (value !== undefined) emit(value);
}

function emitSlice(array: JsonValue[], step: PathStep & { kind: 'slice' }, emit: Emit): void {
  const length = array.length;
  const clamp = (index: number): number => Math.min(length, Math.max(0, index < 0 ? length + index : index));
  const start = step.start === undefined ? 0 : clamp(step.start);
  const end = step.end === undefined ? length : clamp(step.end);
  const stride = step.step ?? 1;
  for (let index = start; index < end; index += stride) emit(array[index] as JsonValue);
}
