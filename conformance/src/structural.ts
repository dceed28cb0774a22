// Step 2 of the normalisation: the structural transformers a case lists in `normalisation.structural`.
import type { Structural } from './case.ts';
import { findPath, updatePath } from './json-path.ts';
import { isTree, type Tree } from './json-tree.ts';
import { keyValue } from './key-value.ts';
import { pythonJsonDumps } from './python-text.ts';
import type { TransformContext } from './transform-context.ts';
import { utilityBundle } from './utility-bundles.ts';

export function jsonPath(root: Tree, path: string, replacement: string, reference: boolean, ctx: TransformContext) {
  if (!reference) {
    updatePath(root, path, replacement);
    return;
  }
  for (const m of findPath(root, path)) ctx.reference(m.value, replacement);
}

const parallelEnd = new Set([
  'ParallelStateSucceeded',
  'ParallelStateAborted',
  'ParallelStateExited',
  'ParallelStateFailed',
]);

/**
 * LocalStack's SfnNoneRecursiveParallelTransformer, quirks included: a window closing twice (Succeeded then
 * Exited) re-splices the old window and so drops the Succeeded event, and the loop then skips one event.
 */
function normaliseParallelEvents(events: unknown[]): void {
  let start = 0;
  let sublist: Tree[] = [];
  let inSublist = false;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const type = isTree(event) ? event.type : undefined;
    if (!isTree(event) || type === undefined || type === null) inSublist = false;
    else if (typeof type === 'string' && parallelEnd.has(type)) {
      const sorted = [...sublist].sort((a, b) => compareText(pythonJsonDumps(a), pythonJsonDumps(b)));
      events.splice(start, Math.max(0, i - start), ...sorted);
      inSublist = false;
    } else if (type === 'ParallelStateStarted') {
      inSublist = true;
      sublist = [];
      start = i + 1;
    } else if (inSublist) {
      event.id = [0];
      event.previousEventId = 0;
      sublist.push(event);
    }
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parallelEventsNormalise(root: Tree): void {
  for (const m of findPath(root, '$..events')) if (Array.isArray(m.value)) normaliseParallelEvents(m.value);
}

const uuidPrefix = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}/;

/** sfn_map_run_arn for each distinct `mapRunArn`, numbered in walk order. */
function mapRunArns(root: Tree, ctx: TransformContext): void {
  const arns: string[] = [];
  for (const m of findPath(root, '$..mapRunArn')) {
    if (typeof m.value === 'string' && !arns.includes(m.value)) arns.push(m.value);
  }
  arns.forEach((arn, i) => {
    const [label = '', id = ''] = (arn.split('/').pop() ?? '').split(':');
    if (id !== '') ctx.literal(id, `<MapRunArnPart1_${i}idx>`);
    if (uuidPrefix.test(label)) ctx.literal(label, `<MapRunArnPart0_${i}idx>`);
  });
}

/** The test-specific `_convert_output_to_json`, with its early `return` (one output per object). */
function convertOutputToJson(tree: Tree, top = true): void {
  for (const v of Object.values(tree)) {
    if (isTree(v)) {
      if (typeof v.output === 'string') {
        try {
          v.output = JSON.parse(v.output) as unknown;
          if (!top) return;
          continue;
        } catch {
          // not JSON: keep walking
        }
      }
      convertOutputToJson(v, false);
    } else if (Array.isArray(v)) {
      for (const item of v) if (isTree(item)) convertOutputToJson(item, false);
    }
  }
}

export function applyStructural(root: Tree, s: Structural, ctx: TransformContext): void {
  switch (s.type) {
    case 'sfn_parallel_events_normalise':
      parallelEventsNormalise(root);
      return;
    case 'jsonpath':
      jsonPath(root, s.path, s.replacement, s.reference, ctx);
      return;
    case 'key_value':
      keyValue(root, s.key, s.replacement, s.reference, ctx);
      return;
    case 'map_run_arn':
      mapRunArns(root, ctx);
      return;
    case 'utility':
      utilityBundle(root, s.name, ctx);
      return;
    case 'generic':
      if (s.name !== '_convert_output_to_json') throw new Error(`unknown generic transformer ${s.name}`);
      convertOutputToJson(root);
      return;
  }
}
