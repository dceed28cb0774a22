// The parsed form of AWS's JSONPath dialect (Jayway JsonPath): a root and a list of steps.

import type { JsonValue } from '../json/json-value.ts';

/** `$` (the input), `$$` (the context object) or `$name` (a workflow variable). */
export type PathRoot = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string };

/** Decides whether a node passes a filter; `root` is the document `$` inside the filter refers to. */
export type FilterPredicate = (node: JsonValue, root: JsonValue) => boolean;

export type PathStep =
  | { kind: 'property'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start: number | undefined; end: number | undefined; step: number | undefined }
  | { kind: 'union'; keys: readonly string[] | readonly number[] }
  | { kind: 'filter'; predicate: FilterPredicate }
  | { kind: 'descent'; step: PathStep };

export interface ParsedPath {
  readonly root: PathRoot;
  readonly steps: readonly PathStep[];
}

/** A path is definite (a reference path) when every step selects at most one value. */
export function isDefiniteSteps(steps: readonly PathStep[]): boolean {
  return steps.every((step) => step.kind === 'property' || step.kind === 'index');
}
