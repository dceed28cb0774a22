// Table-driven tests of the definition rules, positions, messages, and a fuzz check that decoding never throws.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDefinition, formatInvalidDefinitionMessage, toValidateResponse } from './index.ts';
import type { MachineType } from './index.ts';

type Json = Record<string, unknown>;

const pass = { Type: 'Pass', End: true };
const machine = (states: Json, extra: Json = {}): Json => ({
  StartAt: Object.keys(states)[0],
  States: states,
  ...extra,
});
const one = (state: Json, extra: Json = {}): Json => machine({ A: state }, extra);
const map = (fields: Json): Json =>
  one({ Type: 'Map', End: true, ItemProcessor: { StartAt: 'I', States: { I: pass } }, ...fields });

/** [name, definition, expected "CODE: message at location" of every ERROR, machine type]. */
const cases: [string, Json, string[], MachineType?][] = [
  ['valid pass', one(pass), []],
  ['missing StartAt', { States: { A: pass } }, ['SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /']],
  ['missing States', { StartAt: 'A' }, ['SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /']],
  [
    'unknown top-level field',
    machine({ A: pass }, { Foo: 1 }),
    ["SCHEMA_VALIDATION_FAILED: Field 'Foo' is not supported at /"],
  ],
  [
    'StartAt missing target',
    { StartAt: 'X', States: { A: pass } },
    ["MISSING_TRANSITION_TARGET: Missing 'StartAt' target: X at /StartAt"],
  ],
  [
    'Next missing target and unreachable',
    machine({ A: { Type: 'Pass', Next: 'C' }, B: pass }),
    [
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: C at /States/A/Next",
      'MISSING_TRANSITION_TARGET: State "B" is not reachable. at /States/B',
    ],
  ],
  [
    'bad Type',
    one({ Type: 'Nope', End: true }),
    [
      "SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/A/Type",
    ],
  ],
  [
    'unknown state field',
    one({ ...pass, Foo: 1 }),
    ["SCHEMA_VALIDATION_FAILED: Field 'Foo' is not supported at /States/A"],
  ],
  [
    'Next and End',
    machine({ A: { Type: 'Pass', Next: 'B', End: true }, B: pass }),
    ['SCHEMA_VALIDATION_FAILED: These fields are mutually exclusive: [Next, End] at /States/A'],
  ],
  [
    'neither Next nor End',
    one({ Type: 'Pass' }),
    ['SCHEMA_VALIDATION_FAILED: These fields are required: [Next or End] at /States/A'],
  ],
  [
    'Succeed with Next',
    one({ Type: 'Succeed', Next: 'A' }),
    ["SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/A"],
  ],
  [
    'End not boolean',
    one({ Type: 'Pass', End: 'yes' }),
    ['SCHEMA_VALIDATION_FAILED: Expected value of type Boolean at /States/A/End'],
  ],
  [
    'state name too long',
    machine({ ['n'.repeat(81)]: pass }),
    [`INVALID_STATE_NAME: State name must be between 1 and 80 characters at /States/${'n'.repeat(81)}`],
  ],
  [
    'duplicate name across branches',
    machine({
      A: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'A', States: { A: pass } }] },
    }),
    ['DUPLICATE_STATE_NAME: Duplicate State name: A at /States/A/Branches[0]/States/A'],
  ],
  [
    'no jump out of a branch',
    machine({
      A: { Type: 'Parallel', Next: 'B', Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', Next: 'B' } } }] },
      B: pass,
    }),
    ["MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Branches[0]/States/X/Next"],
  ],
  [
    'empty Branches',
    one({ Type: 'Parallel', End: true, Branches: [] }),
    ['SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/A/Branches'],
  ],
  [
    'Wait with two fields',
    one({ Type: 'Wait', End: true, Seconds: 1, SecondsPath: '$.s' }),
    ['SCHEMA_VALIDATION_FAILED: These fields are mutually exclusive: [Seconds, SecondsPath] at /States/A'],
  ],
  [
    'Wait with none',
    one({ Type: 'Wait', End: true }),
    [
      'SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [Seconds, Timestamp, SecondsPath, TimestampPath] at /States/A',
    ],
  ],
  [
    'Wait bad timestamp',
    one({ Type: 'Wait', End: true, Timestamp: '2016-02-30T00:00:00Z' }),
    ['SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/A/Timestamp'],
  ],
  [
    'Wait JSONata timestamp',
    one({ Type: 'Wait', End: true, Timestamp: '{% $now() %}' }, { QueryLanguage: 'JSONata' }),
    [],
  ],
  [
    'Fail Error and ErrorPath',
    one({ Type: 'Fail', Error: 'E', ErrorPath: '$.e' }),
    ['SCHEMA_VALIDATION_FAILED: These fields are mutually exclusive: [Error, ErrorPath] at /States/A'],
  ],
  [
    'Task timeouts',
    one({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      End: true,
      TimeoutSeconds: 5,
      HeartbeatSeconds: 5,
    }),
    ['SCHEMA_VALIDATION_FAILED: HeartbeatSeconds must be smaller than TimeoutSeconds at /States/A/HeartbeatSeconds'],
  ],
  [
    'Task timeout and path',
    one({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      End: true,
      TimeoutSeconds: 5,
      TimeoutSecondsPath: '$.t',
    }),
    [
      'SCHEMA_VALIDATION_FAILED: These fields are mutually exclusive: [TimeoutSeconds, TimeoutSecondsPath] at /States/A',
    ],
  ],
  [
    'unknown optimised integration',
    one({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:query', End: true }),
    [
      'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::dynamodb:query is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/A/Resource',
    ],
  ],
  [
    'a pattern the integration does not support',
    one({ Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.waitForTaskToken', End: true }),
    [
      'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::glue:startJobRun.waitForTaskToken is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/A/Resource',
    ],
  ],
  [
    'a request-response action run as a job',
    one({ Type: 'Task', Resource: 'arn:aws:states:::sagemaker:createModel.sync', End: true }),
    [
      'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::sagemaker:createModel.sync is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/A/Resource',
    ],
  ],
  ...[
    'glue:startJobRun.sync:2',
    'batch:submitJob.sync:2',
    'states:startExecution.sync:3',
    'aws-sdk:s3:getObject.sync:2',
  ].map((resource): [string, Json, string[]] => [
    `.sync:N outside states:startExecution.sync:2 (${resource})`,
    one({ Type: 'Task', Resource: `arn:aws:states:::${resource}`, End: true }),
    [
      `SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/A/Resource`,
    ],
  ]),
  [
    'express activity',
    one({ Type: 'Task', Resource: 'arn:aws:states:us-east-1:111111111111:activity:x', End: true }),
    ['SCHEMA_VALIDATION_FAILED: Express state machine does not support Activity ARN at /States/A/Resource'],
    'EXPRESS',
  ],
  [
    'States.ALL not alone',
    one({
      Type: 'Parallel',
      End: true,
      Branches: [{ StartAt: 'B', States: { B: pass } }],
      Retry: [{ ErrorEquals: ['States.ALL', 'X'] }],
    }),
    ["SCHEMA_VALIDATION_FAILED: 'States.ALL' must appear alone in 'ErrorEquals' at /States/A/Retry[0]/ErrorEquals"],
  ],
  [
    'States.ALL not last',
    one({
      Type: 'Parallel',
      End: true,
      Branches: [{ StartAt: 'B', States: { B: pass } }],
      Catch: [
        { ErrorEquals: ['States.ALL'], Next: 'A' },
        { ErrorEquals: ['X'], Next: 'A' },
      ],
    }),
    [
      "SCHEMA_VALIDATION_FAILED: 'States.ALL' must appear in the last retrier or catcher at /States/A/Catch[0]/ErrorEquals",
    ],
  ],
  [
    'Choice empty',
    one({ Type: 'Choice', Choices: [] }),
    ['SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/A/Choices'],
  ],
  [
    'Choice rule without Next',
    machine({ A: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true }], Default: 'B' }, B: pass }),
    ['SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/A/Choices[0]'],
  ],
  [
    'nested rule with Next',
    machine({
      A: { Type: 'Choice', Choices: [{ Not: { Variable: '$.x', IsNull: true, Next: 'B' }, Next: 'B' }] },
      B: pass,
    }),
    ["SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/A/Choices[0]/Not"],
  ],
  [
    'two operators',
    machine({
      A: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, IsString: true, Next: 'B' }] },
      B: pass,
    }),
    [
      'SCHEMA_VALIDATION_FAILED: A choice rule must contain exactly one comparison operator (or And, Or, Not) at /States/A/Choices[0]',
    ],
  ],
  [
    'operand type',
    machine({ A: { Type: 'Choice', Choices: [{ Variable: '$.x', NumericEquals: 'a', Next: 'B' }] }, B: pass }),
    ['SCHEMA_VALIDATION_FAILED: Expected value of type Number at /States/A/Choices[0]/NumericEquals'],
  ],
  [
    'empty And',
    machine({ A: { Type: 'Choice', Choices: [{ And: [], Next: 'B' }] }, B: pass }),
    ['SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/A/Choices[0]/And'],
  ],
  [
    'JSONata choice',
    machine(
      { A: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'B' }] }, B: pass },
      { QueryLanguage: 'JSONata' },
    ),
    [],
  ],
  [
    'Map Mode',
    map({ ItemProcessor: { ProcessorConfig: { Mode: 'X' }, StartAt: 'I', States: { I: pass } } }),
    [
      "SCHEMA_VALIDATION_FAILED: The field 'Mode' should have one of these values: [INLINE, DISTRIBUTED] at /States/A/ItemProcessor/ProcessorConfig/Mode",
    ],
  ],
  [
    'Map both processors',
    map({ Iterator: { StartAt: 'J', States: { J: pass } } }),
    ['SCHEMA_VALIDATION_FAILED: These fields are mutually exclusive: [ItemProcessor, Iterator] at /States/A'],
  ],
  [
    'MaxConcurrency negative',
    map({ MaxConcurrency: -1 }),
    ['SCHEMA_VALIDATION_FAILED: The value must be between 0 and 2147483647 at /States/A/MaxConcurrency'],
  ],
  [
    'ToleratedFailurePercentage',
    map({ ToleratedFailurePercentage: 101 }),
    ['SCHEMA_VALIDATION_FAILED: The value must be between 0 and 100 at /States/A/ToleratedFailurePercentage'],
  ],
  ['Label empty', map({ Label: '' }), ['SCHEMA_VALIDATION_FAILED: Label cannot be empty at /States/A/Label']],
  [
    'ItemReader without Resource',
    map({ ItemReader: {} }),
    ['SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/A/ItemReader'],
  ],
  [
    'ResultPath must be definite',
    one({ ...pass, ResultPath: '$..a' }),
    [
      "SCHEMA_VALIDATION_FAILED: The value for the field 'ResultPath' must be a valid Reference Path at /States/A/ResultPath",
    ],
  ],
  [
    'template key',
    one({ ...pass, Parameters: { 'a.$': 'nope' } }),
    [
      "SCHEMA_VALIDATION_FAILED: The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call at /States/A/Parameters",
    ],
  ],
  ['template intrinsic', one({ ...pass, Parameters: { 'a.$': "States.Format('{}', $.x)" } }), []],
  [
    'JSONPath field in JSONata state',
    one({ ...pass, InputPath: '$' }, { QueryLanguage: 'JSONata' }),
    ["SCHEMA_VALIDATION_FAILED: Field 'InputPath' is not supported at /States/A"],
  ],
  [
    'JSONPath state in JSONata machine',
    one({ ...pass, QueryLanguage: 'JSONPath' }, { QueryLanguage: 'JSONata' }),
    [
      "SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at /States/A",
    ],
  ],
  [
    'machine TimeoutSeconds',
    one(pass, { TimeoutSeconds: 0 }),
    ['SCHEMA_VALIDATION_FAILED: The value must be between 1 and 99999999 at /TimeoutSeconds'],
  ],
];

for (const [name, definition, expected, type] of cases) {
  test(`rule: ${name}`, () => {
    const { diagnostics, definition: decoded } = decodeDefinition(JSON.stringify(definition), {
      type: type ?? 'STANDARD',
    });
    const errors = diagnostics
      .filter((d) => d.severity === 'ERROR')
      .map((d) => `${d.code}: ${d.message}${d.location === '' ? '' : ` at ${d.location}`}`);
    assert.deepEqual(errors, expected);
    assert.equal(decoded === undefined, expected.length > 0);
  });
}

test('invalid JSON gives its position', () => {
  const { diagnostics } = decodeDefinition('{\n  "StartAt": x}');
  assert.equal(diagnostics.length, 1);
  const [first] = diagnostics;
  assert.ok(first);
  assert.equal(first.code, 'INVALID_JSON_DESCRIPTION');
  assert.deepEqual([first.line, first.column], [2, 14]);
});

test('diagnostics carry the line and column of their location', () => {
  const text = '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Pass", "End": "x"}\n  }\n}';
  const [diagnostic] = decodeDefinition(text).diagnostics;
  assert.deepEqual([diagnostic?.location, diagnostic?.line, diagnostic?.column], ['/States/A/End', 4, 34]);
});

test('a diagnostic AWS locates at an object but about one of its fields points at that field', () => {
  const text =
    '{\n  "StartAt": "A",\n  "States": {\n    "A": {\n      "Type": "Pass",\n      "Bogus": 1,\n      "End": true\n    }\n  }\n}';
  const [diagnostic] = decodeDefinition(text).diagnostics;
  assert.deepEqual(
    [diagnostic?.message, diagnostic?.location, diagnostic?.line, diagnostic?.column],
    ["Field 'Bogus' is not supported", '/States/A', 6, 7],
  );
});

test('formatInvalidDefinitionMessage joins errors with ", "', () => {
  const { diagnostics } = decodeDefinition(JSON.stringify(machine({ A: { Type: 'Pass', Next: 'C' }, B: pass })));
  assert.equal(
    formatInvalidDefinitionMessage(diagnostics),
    `Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: C at /States/A/Next, MISSING_TRANSITION_TARGET: State "B" is not reachable. at /States/B'`,
  );
});

test('toValidateResponse omits an empty location', () => {
  const { diagnostics } = decodeDefinition('');
  assert.deepEqual(toValidateResponse(diagnostics), {
    result: 'FAIL',
    diagnostics: [
      { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' },
    ],
    truncated: false,
  });
});

test('decoding never throws (fuzz)', () => {
  const pieces = [
    '{',
    '}',
    '[',
    ']',
    '"States"',
    '"StartAt"',
    '"Type"',
    '"Map"',
    '"Choice"',
    ':',
    ',',
    'null',
    '1',
    '"A"',
    '"__proto__"',
    '"$.x"',
    'true',
  ];
  let seed = 42;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < 2000; i += 1) {
    const text = Array.from({ length: random(30) }, () => pieces[random(pieces.length)] ?? '').join('');
    assert.doesNotThrow(() => decodeDefinition(text));
  }
  for (const value of [
    null,
    1,
    'x',
    [],
    {},
    { States: [] },
    { StartAt: 1, States: { A: null } },
    { StartAt: 'A', States: { A: { Type: 'Map', ItemProcessor: 1, End: true } } },
  ]) {
    assert.doesNotThrow(() => decodeDefinition(JSON.stringify(value)));
  }
});
