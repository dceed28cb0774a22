// Inverts the normalisation of a recorded case: rebuilds "raw" responses (real ARNs, UUIDs, dates, JSON text).
// It backs the normaliser's round-trip tests and the `replay` target, which checks the harness end to end.
import type { ConformanceCase } from './case.ts';
import { isTree } from './json-tree.ts';
import type { HarnessValues, HistoryEvent, TargetResult } from './target.ts';

export const replayHarness: HarnessValues = {
  roleArn: 'arn:aws:iam::987654321098:role/replay-role',
  roleName: 'replay-role',
  stateMachineName: 'replay-machine',
  executionName: 'replay-execution',
  syncExecutionArnPart1: 'replay-sync-1',
  syncExecutionArnPart2: 'replay-sync-2',
  accountId: '987654321098',
  region: 'eu-west-3',
};

const irreversible =
  /<(json-input|resource|MapRunArnPart|task_token|m-d5|LogResult|message_id|sqs|request|extended|test-table|lambda|stub|random|timestamp|start|stop|entered|execution-id|trusted|secondary|test_aws)|"stub:/;

/** Why a case cannot be replayed, or undefined. */
export function replayObstacle(c: ConformanceCase): string | undefined {
  const text = JSON.stringify(c.expected);
  if (irreversible.test(text)) return 'replay: irreversible placeholder';
  if (c.normalisation.structural.some((s) => s.type !== 'sfn_parallel_events_normalise')) {
    return 'replay: value-replacing structural transformer';
  }
  if (c.normalisation.replacements.some((r) => r.type === 'regex' && /^[\w-]+$/.test(r.pattern))) {
    return 'replay: resource-name replacement';
  }
  return undefined;
}

function uuid(n: number): string {
  return `${n.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-${n.toString(16).padStart(12, '0')}`;
}

/** Text-level inverse of the replacements: harness names, partition, region, account, uuids. */
function restoreText(c: ConformanceCase, text: string): string {
  let out = text;
  for (const r of c.normalisation.replacements) {
    if (r.type !== 'literal' || r.harness_value === undefined) continue;
    const own = {
      role_arn: replayHarness.roleArn,
      role_name: replayHarness.roleName,
      state_machine_name: replayHarness.stateMachineName,
      execution_name: replayHarness.executionName,
      sync_execution_arn_part1: replayHarness.syncExecutionArnPart1,
      sync_execution_arn_part2: replayHarness.syncExecutionArnPart2,
    }[r.harness_value];
    out = out.replaceAll(r.replacement, own ?? r.value);
  }
  return out
    .replaceAll('arn:<partition>:', 'arn:aws:')
    .replaceAll('<region>', replayHarness.region ?? '')
    .replaceAll('111111111111', replayHarness.accountId ?? '')
    .replace(/<uuid:(\d+)>/g, (_m, n: string) => uuid(Number(n)));
}

const stringified = new Set(['input', 'output', 'cause', 'parameters']);
const dateKeys = new Set(['startDate', 'stopDate', 'creationDate', 'updateDate', 'redriveDate']);
let clock = Date.UTC(2024, 0, 2, 3, 4, 5, 678);

/** Values become what the API returned: Dates, and JSON text for members AWS sends as strings. */
function restoreValue(key: string, value: unknown, depth: number): unknown {
  if (value === 'timestamp' && key === 'timestamp') return new Date((clock += 1000));
  if (value === 'datetime' && dateKeys.has(key)) return new Date((clock += 1000));
  if (value === 'date') return new Date((clock += 1000)).toISOString();
  if (depth <= 2 && stringified.has(key) && isTree(value)) return JSON.stringify(restoreValue('', value, 99));
  if (key === 'assignedVariables' && isTree(value)) {
    const entries = Object.entries(value).map(([k, v]) => [k, isTree(v) ? JSON.stringify(restoreValue(k, v, 99)) : v]);
    return Object.fromEntries(entries);
  }
  if (isTree(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreValue(k, v, depth + 1)]));
  }
  if (Array.isArray(value)) return value.map((v) => restoreValue(key, v, depth + 1));
  return value;
}

/** Recorded value -> a plausible raw API value for the replay harness. */
export function fakeRaw(c: ConformanceCase, value: unknown, depth = 0): unknown {
  const restored = JSON.parse(restoreText(c, JSON.stringify(value))) as unknown;
  return restoreValue('', restored, depth);
}

function rawEvents(c: ConformanceCase, events: unknown[]): HistoryEvent[] {
  let id = 0;
  return events.map((e) => {
    const event = fakeRaw(c, e, -1) as HistoryEvent;
    id = Array.isArray(event.id) ? id + 1 : event.id;
    return { ...event, id };
  });
}

function outputText(c: ConformanceCase, output: unknown): string | undefined {
  if (output === null || output === undefined) return undefined;
  if (c.expected.output_unparsed === true && typeof output === 'string') return restoreText(c, output);
  return JSON.stringify(fakeRaw(c, output, 99));
}

function causeText(c: ConformanceCase, cause: unknown): string | undefined {
  if (cause === null || cause === undefined) return undefined;
  return typeof cause === 'string' ? restoreText(c, cause) : JSON.stringify(fakeRaw(c, cause, 99));
}

/** The result a perfect target would have produced for this case. */
export function replayResult(c: ConformanceCase): TargetResult {
  // An API case's later requests are made of earlier answers: there is no recording to replay.
  if (c.kind === 'api_calls') return { kind: 'skipped', reason: 'replay: api calls are run, not recorded' };
  const obstacle = replayObstacle(c);
  if (obstacle) return { kind: 'skipped', reason: obstacle };
  const e = c.expected;
  if (c.kind === 'execution' || c.kind === 'execution_output') {
    const error = typeof e.error === 'string' ? restoreText(c, e.error) : undefined;
    const cause = causeText(c, e.cause);
    return {
      kind: 'execution',
      status: e.status ?? 'SUCCEEDED',
      output: outputText(c, e.output),
      ...(error === undefined ? {} : { error }),
      ...(cause === undefined ? {} : { cause }),
      events: rawEvents(c, e.events ?? []),
      ...(e.describe_execution ? { describe: fakeRaw(c, e.describe_execution, 1) } : {}),
      harness: replayHarness,
    };
  }
  const response = c.kind === 'sync_execution' ? e.start_sync_execution : e.response;
  return { kind: 'response', response: fakeRaw(c, response, 1), harness: replayHarness };
}
