// Judges one target result against a case: builds the snapshot LocalStack would have seen, normalises, compares.
import type { ConformanceCase } from './case.ts';
import { renumberPlaceholders } from './canonical.ts';
import { compare, type Difference } from './compare.ts';
import { isTree, type Tree } from './json-tree.ts';
import { canonicalEvents } from './map-order.ts';
import { normaliseSnapshot } from './normalise.ts';
import type { ExecutionResult, HarnessValues, ResponseResult } from './target.ts';

/** A failed check: which part of the case, and the first difference inside it. */
export interface Mismatch {
  part: string;
  difference: Difference;
}

const apiDateKeys = new Set(['startDate', 'stopDate', 'creationDate', 'updateDate', 'redriveDate']);

function asDate(value: unknown): unknown {
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  if (typeof value === 'number') return new Date(value * 1000);
  return value;
}

/** API date members arrive as Date (boto's datetime); accept ISO strings and epoch seconds too. */
function withApiDates(response: unknown): unknown {
  if (!isTree(response)) return response;
  return Object.fromEntries(Object.entries(response).map(([k, v]) => [k, apiDateKeys.has(k) ? asDate(v) : v]));
}

function check(part: string, expected: unknown, actual: unknown): Mismatch | undefined {
  const difference = compare(renumberPlaceholders(expected), renumberPlaceholders(actual));
  return difference ? { part, difference } : undefined;
}

function parsedOutput(output: unknown, unparsed: boolean): unknown {
  if (typeof output !== 'string' || unparsed) return output ?? null;
  try {
    return JSON.parse(output) as unknown;
  } catch {
    return output;
  }
}

function executionSnapshot(r: ExecutionResult): Tree {
  const events = r.events.map((e) => ({ ...e, timestamp: asDate(e.timestamp) }));
  const result = { status: r.status, output: r.output ?? null, error: r.error ?? null, cause: r.cause ?? null };
  const snapshot: Tree = { get_execution_history: { events }, result };
  if (r.describe !== undefined) snapshot.describe_execution = withApiDates(r.describe);
  return snapshot;
}

const terminalDetails = [
  'executionSucceededEventDetails',
  'executionFailedEventDetails',
  'executionTimedOutEventDetails',
  'executionAbortedEventDetails',
];

/**
 * The recorded status fields were read from the normalised history, so event-path transformers (e.g.
 * `$..events..executionSucceededEventDetails.output.X`) apply to them: take them from the last event too.
 */
function fromTerminalEvent(events: unknown[]): Tree {
  const last = events[events.length - 1];
  if (!isTree(last)) return {};
  const key = terminalDetails.find((k) => isTree(last[k]));
  const details = key === undefined ? undefined : (last[key] as Tree);
  if (!details) return {};
  if (key === 'executionSucceededEventDetails') return 'output' in details ? { output: details.output } : {};
  return { error: details.error ?? null, cause: details.cause ?? null };
}

/** Checks an execution result; returns the first mismatching part. */
export function evaluateExecution(c: ConformanceCase, r: ExecutionResult): Mismatch | undefined {
  const n = normaliseSnapshot(executionSnapshot(r), c, r.harness);
  const history = n.get_execution_history as Tree;
  const result = { ...(n.result as Tree), ...fromTerminalEvent(history.events as unknown[]) };
  const e = c.expected;
  const outputOnly = c.kind === 'execution_output';
  const checks: [string, unknown, () => unknown][] = [
    ['status', e.status, () => result.status],
    ['output', e.output ?? null, () => parsedOutput(result.output, e.output_unparsed === true)],
  ];
  if (!outputOnly)
    checks.push(['error', e.error ?? null, () => result.error], ['cause', e.cause ?? null, () => result.cause]);
  for (const [part, expected, actual] of checks) {
    if (part === 'status' && (expected === null || expected === undefined)) continue;
    const m = check(part, expected, actual());
    if (m) return m;
  }
  if (!outputOnly && Array.isArray(e.events)) {
    const actual = canonicalEvents(history.events as unknown[], c.definition);
    const m = check('events', canonicalEvents(e.events, c.definition), actual);
    if (m) return m;
  }
  if (e.describe_execution !== undefined && e.describe_execution !== null) {
    return check('describe_execution', e.describe_execution, n.describe_execution);
  }
  return undefined;
}

/** The API error as boto's exception string, for cases that recorded `{exception_typename, exception_value}`. */
function asBotoError(c: ConformanceCase, response: unknown): unknown {
  if (!isTree(response) || !isTree(response.Error)) return response;
  const code = String(response.Error.Code);
  const raw = response.Error.Message ?? response.message;
  const message = typeof raw === 'string' ? raw : '';
  return {
    exception_typename: code,
    exception_value: `An error occurred (${code}) when calling the ${c.api} operation: ${message}`,
  };
}

function syncHarness(response: unknown, harness: HarnessValues): HarnessValues {
  if (!isTree(response) || typeof response.executionArn !== 'string') return harness;
  const parts = response.executionArn.split(':');
  return {
    syncExecutionArnPart1: parts[parts.length - 2],
    syncExecutionArnPart2: parts[parts.length - 1],
    ...harness,
  };
}

/** Checks an API response (TestState, CreateStateMachine errors, validation, StartSyncExecution). */
export function evaluateResponse(c: ConformanceCase, r: ResponseResult): Mismatch | undefined {
  const sync = c.kind === 'sync_execution';
  const expected = sync ? c.expected.start_sync_execution : c.expected.response;
  const botoShape = isTree(expected) && 'exception_typename' in expected;
  const response = botoShape ? asBotoError(c, r.response) : withApiDates(r.response);
  const harness = sync ? syncHarness(r.response, r.harness) : r.harness;
  const n = normaliseSnapshot({ response }, c, harness);
  return check(sync ? 'start_sync_execution' : 'response', expected ?? null, n.response);
}
