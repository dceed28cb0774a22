// Table-driven tests of the LocalStack normalisation, plus a round trip over the recorded corpus.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Normalisation } from './case.ts';
import { loadCases } from './case.ts';
import { defaultCaseDirs } from './case-dirs.ts';
import { evaluateExecution, evaluateResponse } from './evaluate.ts';
import { fakeRaw, replayHarness, replayResult } from './fake-raw.ts';
import { normalise } from './normalise.ts';
import type { HarnessValues } from './target.ts';

const none: Normalisation = { replacements: [], structural: [] };
const U1 = '0f0e0d0c-1111-4222-8333-444455556666';
const U2 = 'aaaabbbb-1111-4222-8333-444455556666';
const when = new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 10));

interface Row {
  name: string;
  value: unknown;
  expected: unknown;
  normalisation?: Partial<Normalisation>;
  harness?: HarnessValues;
}

const rows: Row[] = [
  {
    name: 'brace parsing: objects only',
    value: { input: '{}', output: '[1,2]', s: '"a"' },
    expected: { input: {}, output: '[1,2]', s: '"a"' },
  },
  {
    name: 'brace parsing: through arrays of objects, not into parsed values',
    value: { a: [{ x: '{"y":"{}"}' }, '{}'] },
    expected: { a: [{ x: { y: '{}' } }, '{}'] },
  },
  {
    name: 'event timestamp (a datetime) -> timestamp',
    value: { events: [{ timestamp: when, id: 1 }] },
    expected: { events: [{ timestamp: 'timestamp', id: 1 }] },
  },
  {
    name: 'API date fields -> datetime',
    value: { startDate: when, stopDate: when },
    expected: { startDate: 'datetime', stopDate: 'datetime' },
  },
  {
    name: 'user timestamp keys: non-ISO -> timestamp, ISO -> date',
    value: { in: '{"TimestampValue": 12, "BatchTimestamp": "2024-01-01T00:00:00Z"}' },
    expected: { in: { TimestampValue: 'timestamp', BatchTimestamp: 'date' } },
  },
  { name: 'ISO without zone is kept', value: { v: '2024-01-01T00:00:00' }, expected: { v: '2024-01-01T00:00:00' } },
  {
    name: 'UUIDs under *id keys, numbered in sorted-key order, replaced everywhere',
    value: { b: { requestId: U2 }, a: { eventId: U1, text: `see ${U2} ${U1}` } },
    expected: { a: { eventId: '<uuid:1>', text: 'see <uuid:2> <uuid:1>' }, b: { requestId: '<uuid:2>' } },
  },
  { name: 'UUID not under an *id key stays', value: { name: U1 }, expected: { name: U1 } },
  {
    name: 'account, region and partition',
    value: { arn: 'arn:aws:states:eu-west-1:222233334444:stateMachine:m' },
    harness: { accountId: '222233334444', region: 'eu-west-1' },
    expected: { arn: 'arn:<partition>:states:<region>:111111111111:stateMachine:m' },
  },
  {
    name: "cause '{json}' -> <json-input:N>",
    value: { cause: `could not be found in the input '{"a": 1}'`, other: 'x' },
    expected: { cause: "could not be found in the input '<json-input:1>'", other: 'x' },
  },
  {
    name: 'harness values replace the harness own names',
    value: {
      arn: 'arn:aws:states:us-east-1:111111111111:execution:my-sm:my-exec',
      role: 'arn:aws:iam::111111111111:role/mine',
    },
    normalisation: {
      replacements: [
        {
          type: 'literal',
          value: 'arn:aws:iam::111111111111:role/corpus-sfn-role',
          replacement: 'snf_role_arn',
          harness_value: 'role_arn',
        },
        { type: 'literal', value: 'corpus_sm', replacement: '<ArnPart_0idx>', harness_value: 'state_machine_name' },
        { type: 'literal', value: 'corpus_exec', replacement: '<ExecArnPart_0idx>', harness_value: 'execution_name' },
      ],
    },
    harness: { roleArn: 'arn:aws:iam::111111111111:role/mine', stateMachineName: 'my-sm', executionName: 'my-exec' },
    expected: {
      arn: 'arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>',
      role: 'snf_role_arn',
    },
  },
  {
    name: 'regex replacement with a Python template',
    value: { cause: '{"x": "\\"requestId\\": \\"abc-1\\""}' },
    normalisation: {
      replacements: [
        {
          type: 'regex',
          pattern: '\\\\"requestId\\\\": \\\\"([a-f0-9\\-]+)\\\\"',
          replacement: '\\\\"requestId\\\\": \\\\"<request-id>\\\\"',
        },
      ],
    },
    expected: { cause: { x: '"requestId": "<request-id>"' } },
  },
  {
    name: 'jsonpath, reference false',
    value: { a: { output: { StartDate: 5 } } },
    normalisation: {
      structural: [{ type: 'jsonpath', path: '$..output.StartDate', replacement: 'start-date', reference: false }],
    },
    expected: { a: { output: { StartDate: 'start-date' } } },
  },
  {
    name: 'jsonpath, reference true',
    value: { TaskToken: 'tok', msg: 'with tok' },
    normalisation: {
      structural: [{ type: 'jsonpath', path: '$..TaskToken', replacement: 'task_token', reference: true }],
    },
    expected: { TaskToken: '<task_token:1>', msg: 'with <task_token:1>' },
  },
  {
    name: 'key_value, reference false',
    value: { RoleArn: 'r', x: { RoleArn: 's' } },
    normalisation: { structural: [{ type: 'key_value', key: 'RoleArn', replacement: 'role-arn', reference: false }] },
    expected: { RoleArn: 'role-arn', x: { RoleArn: 'role-arn' } },
  },
  {
    name: 'map_run_arn',
    value: { mapRunArn: `arn:aws:states:us-east-1:111111111111:mapRun:sm/${U1}:${U2}` },
    normalisation: { structural: [{ type: 'map_run_arn' }] },
    expected: {
      mapRunArn: 'arn:<partition>:states:<region>:111111111111:mapRun:sm/<MapRunArnPart0_0idx>:<MapRunArnPart1_0idx>',
    },
  },
  {
    name: 'utility resource_name',
    value: { roleArn: 'arn:aws:iam::111111111111:role/some-role', note: 'some-role' },
    normalisation: { structural: [{ type: 'utility', name: 'resource_name' }] },
    expected: { roleArn: 'arn:<partition>:iam::111111111111:role/<resource:1>', note: '<resource:1>' },
  },
  {
    name: 'generic _convert_output_to_json: first output per object',
    value: { e: [{ a: { output: '[1]' }, b: { output: '2' } }] },
    normalisation: { structural: [{ type: 'generic', name: '_convert_output_to_json' }] },
    expected: { e: [{ a: { output: [1] }, b: { output: '2' } }] },
  },
  {
    name: 'sfn_parallel_events_normalise, with the dropped ParallelStateSucceeded',
    value: {
      events: [
        { id: 1, previousEventId: 0, type: 'ParallelStateStarted' },
        { id: 2, previousEventId: 1, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'B' } },
        { id: 3, previousEventId: 1, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'A' } },
        { id: 4, previousEventId: 3, type: 'ParallelStateSucceeded' },
        { id: 5, previousEventId: 4, type: 'ParallelStateExited' },
      ],
    },
    normalisation: { structural: [{ type: 'sfn_parallel_events_normalise' }] },
    expected: {
      events: [
        { id: 1, previousEventId: 0, type: 'ParallelStateStarted' },
        { id: [0], previousEventId: 0, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'A' } },
        { id: [0], previousEventId: 0, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'B' } },
        { id: 5, previousEventId: 4, type: 'ParallelStateExited' },
      ],
    },
  },
];

describe('normalise', () => {
  for (const row of rows) {
    it(row.name, () => {
      const normalisation = { ...none, ...row.normalisation };
      assert.deepEqual(normalise(row.value, { normalisation }, row.harness ?? {}), row.expected);
    });
  }
});

describe('normalise round trip over the corpus', () => {
  const cases = loadCases(defaultCaseDirs);
  it('gives back the recorded value from a fake raw one', () => {
    let replayed = 0;
    for (const c of cases) {
      const r = replayResult(c);
      if (r.kind === 'skipped' || r.kind === 'api_calls') continue;
      replayed++;
      const mismatch = r.kind === 'execution' ? evaluateExecution(c, r) : evaluateResponse(c, r);
      assert.equal(mismatch, undefined, `${c.id}: ${JSON.stringify(mismatch)}`);
    }
    assert.ok(replayed > 1000, `only ${String(replayed)} cases replayed`);
  });

  it('puts real ARNs, UUIDs, dates and JSON text back in', () => {
    const c = cases.find((x) => x.id === 'error_handling.task_lambda.raise_exception');
    assert.ok(c?.expected.events);
    const raw = fakeRaw(c, c.expected.events, -1) as Record<string, unknown>[];
    const text = JSON.stringify(raw);
    assert.match(text, /arn:aws:/);
    assert.doesNotMatch(text, /<uuid:|<partition>|snf_role_arn/);
    assert.ok(raw[0]?.timestamp instanceof Date);
    assert.equal(replayHarness.region, 'eu-west-3');
  });
});
