// The `stepwise` command line driven through main(argv, io) with a capturing Io: output, errors, exit codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from './cli-test-calls.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const functions = join(fixtures, 'functions');
const fixture = (name: string): string => join(fixtures, name);
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function json(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

test('run prints the output of a successful execution and returns 0', async () => {
  const result = await cli('run', fixture('succeed.asl.json'));
  assert.equal(result.code, 0);
  assert.deepEqual(json(result.out), { input: {}, ok: true });
  assert.equal(result.err, '');
});

test('run takes its input from --input, --input=JSON and --input-file', async () => {
  const inline = await cli('run', fixture('succeed.asl.json'), '--input', '{"name":"Ada"}');
  assert.equal(inline.code, 0);
  assert.deepEqual(json(inline.out), { input: { name: 'Ada' }, ok: true });

  const equals = await cli('run', fixture('succeed.asl.json'), '--input={"n":1}');
  assert.deepEqual(json(equals.out), { input: { n: 1 }, ok: true });

  const fromFile = await cli('run', fixture('succeed.asl.json'), '--input-file', fixture('input.json'));
  assert.equal(fromFile.code, 0);
  assert.deepEqual(json(fromFile.out), { input: { fromFile: [1, 2, 3] }, ok: true });
});

test('run rejects input that is not JSON, naming the flag or the file, with exit code 2', async () => {
  const inline = await cli('run', fixture('succeed.asl.json'), '--input', '{name}');
  assert.equal(inline.code, 2);
  assert.match(inline.err, /^stepwise: --input is not valid JSON: /);
  assert.match(inline.err, /Usage:/);
  assert.equal(inline.out, '');

  const broken = fixture('broken-input.json');
  const fromFile = await cli('run', fixture('succeed.asl.json'), '--input-file', broken);
  assert.equal(fromFile.code, 2);
  assert.ok(fromFile.err.startsWith(`stepwise: ${broken} is not valid JSON: `), fromFile.err);

  const missing = await cli('run', fixture('succeed.asl.json'), '--input-file', fixture('no-such-input.json'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read .*no-such-input\.json: ENOENT/);
});

test('run rejects --input together with --input-file', async () => {
  const result = await cli('run', fixture('succeed.asl.json'), '--input', '{}', '--input-file', fixture('input.json'));
  assert.equal(result.code, 2);
  assert.match(result.err, /give --input or --input-file, not both/);
});

test('run reports a FAILED execution on stderr with its error and cause, and returns 1', async () => {
  const result = await cli('run', fixture('fail.asl.json'));
  assert.equal(result.code, 1);
  assert.equal(result.out, '');
  assert.equal(result.err, 'FAILED: Custom.Boom\nit went boom');
});

test('run on an invalid definition prints file:line:col CODE message and returns 2', async () => {
  const file = fixture('invalid.asl.json');
  const result = await cli('run', file);
  assert.equal(result.code, 2);
  assert.equal(
    result.out,
    `${file}:6:15 MISSING_TRANSITION_TARGET Missing 'Next' target: Nowhere (at /States/First/Next)`,
  );
});

test('run --json prints status, output, error and cause', async () => {
  const succeeded = await cli('run', fixture('succeed.asl.json'), '--json', '--input', '[1]');
  assert.equal(succeeded.code, 0);
  assert.deepEqual(json(succeeded.out), { status: 'SUCCEEDED', output: { input: [1], ok: true } });

  const failed = await cli('run', fixture('fail.asl.json'), '--json');
  assert.equal(failed.code, 1);
  assert.deepEqual(json(failed.out), { status: 'FAILED', output: null, error: 'Custom.Boom', cause: 'it went boom' });
  assert.equal(failed.err, '');
});

test('run --json --history adds the history events', async () => {
  const result = await cli('run', fixture('fail.asl.json'), '--json', '--history');
  assert.equal(result.code, 1);
  const report = json(result.out);
  assert.equal(report.status, 'FAILED');
  const events = report.events as { id: number; previousEventId: number; type: string }[];
  assert.deepEqual(
    events.map((event) => event.type),
    ['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed'],
  );
  assert.deepEqual(
    events.map((event) => event.id),
    [1, 2, 3],
  );
});

test('run --history prints one line per event before the output', async () => {
  const result = await cli('run', fixture('succeed.asl.json'), '--history', '--input', '{"a":1}');
  assert.equal(result.code, 0);
  const lines = result.out.split('\n');
  const eventLines = lines.filter((line) => /^\s*\d+\s+\d+ \d{4}-\d\d-\d\dT/.test(line));
  assert.deepEqual(
    eventLines.map((line) => line.trim().split(/\s+/)[3]),
    ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded'],
  );
  assert.match(eventLines[0]!, /^ {3}1 {4}0 \S+ ExecutionStarted \{"input":"\{\\"a\\":1\}"/);
  assert.deepEqual(json(lines.slice(eventLines.length).join('\n')), { input: { a: 1 }, ok: true });
});

test('run calls a Lambda task from a function module in --functions DIR with a Lambda context', async () => {
  const result = await cli('run', fixture('lambda-context.asl.json'), '--input', '{"x":1}', '--functions', functions);
  assert.equal(result.code, 0, result.err);
  const output = json(result.out);
  assert.deepEqual(output.event, { x: 1 });
  assert.equal(output.functionName, 'context-echo');
  assert.equal(output.functionVersion, '$LATEST');
  assert.equal(output.invokedFunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:context-echo');
  assert.match(output.awsRequestId as string, uuid);
  assert.equal(typeof output.remaining, 'number');
});

test('run fails a Lambda task whose function is missing, with a hint naming the function and the folder', async () => {
  const result = await cli('run', fixture('lambda-missing.asl.json'), '--functions', functions);
  assert.equal(result.code, 1);
  const lines = result.err.split('\n');
  assert.equal(lines[0], 'FAILED: Lambda.ResourceNotFoundException');
  assert.match(
    lines[1]!,
    /^Function not found: arn:aws:lambda:us-east-1:123456789012:function:no-such-function:\$LATEST \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
  );
  const hint = lines.find((line) => line.startsWith('hint:'));
  assert.ok(hint, result.err);
  assert.ok(hint.includes("'no-such-function'"), hint);
  assert.ok(hint.includes(functions), hint);
  assert.ok(hint.includes('--functions'), hint);
});

test('run gives the thrown error type as the error of a failing function', async () => {
  const result = await cli('run', fixture('lambda-throws.asl.json'), '--functions', functions, '--json');
  assert.equal(result.code, 1);
  const report = json(result.out);
  assert.equal(report.status, 'FAILED');
  assert.equal(report.error, 'InventoryError');
  const cause = json(report.cause as string);
  assert.equal(cause.errorType, 'InventoryError');
  assert.equal(cause.errorMessage, 'out of widgets');
  assert.ok(Array.isArray(cause.trace));
});

test('run answers lambda:invoke with the Invoke response shape of AWS', async () => {
  const result = await cli('run', fixture('lambda-invoke.asl.json'), '--input', '{"q":"?"}', '--functions', functions);
  assert.equal(result.code, 0, result.err);
  const output = json(result.out);
  assert.equal(output.StatusCode, 200);
  assert.equal(output.ExecutedVersion, '$LATEST');
  const payload = output.Payload as Record<string, unknown>;
  assert.deepEqual(payload.event, { q: '?' });
  assert.equal(payload.functionName, 'context-echo');
  const requestId = payload.awsRequestId as string;
  assert.match(requestId, uuid);
  assert.deepEqual(output.SdkResponseMetadata, { RequestId: requestId });
  const metadata = output.SdkHttpMetadata as { HttpStatusCode: number; HttpHeaders: Record<string, string> };
  assert.equal(metadata.HttpStatusCode, 200);
  assert.equal(metadata.HttpHeaders['x-amzn-RequestId'], requestId);
});

test('run completes a one-year Wait at once on the virtual clock', async () => {
  const started = Date.now();
  const result = await cli('run', fixture('wait-a-year.asl.json'));
  assert.equal(result.code, 0, result.err);
  const output = json(result.out);
  const waited = Date.parse(output.enteredAt as string) - Date.parse(output.startedAt as string);
  assert.equal(waited, 31_536_000_000);
  // Virtual time, not wall-clock time: the start time is real, the year is not.
  assert.ok(Date.parse(output.startedAt as string) >= started - 1000);
});

test('validate returns 0 for a valid definition', async () => {
  const file = fixture('succeed.asl.json');
  const result = await cli('validate', file);
  assert.equal(result.code, 0);
  assert.equal(result.out, '');
  assert.equal(result.err, `${file}: valid`);
});

test('validate returns 2 and prints diagnostics for an invalid definition', async () => {
  const file = fixture('invalid.asl.json');
  const result = await cli('validate', file);
  assert.equal(result.code, 2);
  assert.equal(
    result.out,
    `${file}:6:15 MISSING_TRANSITION_TARGET Missing 'Next' target: Nowhere (at /States/First/Next)`,
  );
});

test('validate and run accept a dot before a bracket in paths and intrinsic arguments, as AWS does', async () => {
  const file = fixture('dot-bracket-paths.asl.json');
  assert.equal((await cli('validate', file)).code, 0);
  const input = { items: [1, 2], Snapshots: [{ State: 'ok' }], ous: [{ OU: 0 }, { OU: 3 }], objects: [{ key: 'k' }] };
  const result = await cli('run', file, '--input', JSON.stringify(input));
  assert.equal(result.code, 0);
  assert.deepEqual(json(result.out), { first: 1, state: 'ok', positive: [3], keys: ['k'], both: [2, 'ok'] });
});

for (const [file, what] of [
  ['activity-task.asl.json', /activities need a server/],
  ['nested-execution.asl.json', /nested executions need a server/],
] as const) {
  test(`run explains that ${file} needs serve, and how to mock it`, async () => {
    const result = await cli('run', fixture(file));
    assert.equal(result.code, 1);
    assert.match(result.err, what);
    assert.match(result.err, /`stepwise serve`/);
    assert.match(result.err, /mock 'A' with --mocks FILE --test-case NAME/);
  });
}

test('validate reports a file that is not JSON', async () => {
  const file = fixture('broken-input.json');
  const result = await cli('validate', file);
  assert.equal(result.code, 2);
  assert.match(
    result.out,
    new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ INVALID_JSON_DESCRIPTION `),
  );
});

const usageErrors: { name: string; argv: string[]; message: RegExp }[] = [
  { name: 'unknown command', argv: ['frobnicate'], message: /^stepwise: unknown command 'frobnicate'/ },
  { name: 'unknown run option', argv: ['run', 'x.json', '--bogus', '1'], message: /^stepwise: unknown option --bogus/ },
  {
    name: 'unknown validate option',
    argv: ['validate', 'x.json', '--strict', 'yes'],
    message: /^stepwise: unknown option --strict/,
  },
  {
    name: 'unknown trailing flag',
    argv: ['validate', 'x.json', '--json'],
    message: /^stepwise: unknown option --json/,
  },
  { name: 'flag given a value', argv: ['run', 'x.json', '--json=no'], message: /^stepwise: --json takes no value/ },
  { name: 'run without a file', argv: ['run'], message: /^stepwise: run needs a definition file/ },
  { name: 'validate without a file', argv: ['validate'], message: /^stepwise: validate needs a definition file/ },
  { name: 'option without its value', argv: ['run', 'x.json', '--input'], message: /^stepwise: --input needs a value/ },
  {
    name: 'missing run file',
    argv: ['run', 'no-such.asl.json'],
    message: /^stepwise: cannot read no-such\.asl\.json: ENOENT$/,
  },
  {
    name: 'missing validate file',
    argv: ['validate', 'no-such.asl.json'],
    message: /^stepwise: cannot read no-such\.asl\.json: ENOENT$/,
  },
];

for (const { name, argv, message } of usageErrors) {
  test(`usage error: ${name} returns 2 with a clear message`, async () => {
    const result = await cli(...argv);
    assert.equal(result.code, 2);
    assert.match(result.err, message);
    assert.equal(result.out, '');
  });
}

test('help prints the usage and returns 0; no command prints it and returns 2', async () => {
  for (const flag of ['help', '--help', '-h']) {
    const result = await cli(flag);
    assert.equal(result.code, 0);
    assert.match(result.out, /^Usage:\n {2}stepwise run DEFINITION\.json/);
  }
  const bare = await cli();
  assert.equal(bare.code, 2);
  assert.match(bare.out + bare.err, /Usage:/);
});

test("stepwise COMMAND --help prints that command's usage only and returns 0", async () => {
  const result = await cli('load', '--help');
  assert.equal(result.code, 0);
  assert.match(result.out, /^Usage:\n {2}stepwise load PATH /);
  assert.doesNotMatch(result.out, /stepwise (run|serve|validate|test-state)/);
  const serve = await cli('serve', '-h');
  assert.match(serve.out, /--load PATH/);
  for (const option of ['--routes FILE', '--s3-events-queue QUEUE_URL', '--s3-webhook-secret SECRET']) {
    assert.ok(serve.out.includes(option), option);
  }
  assert.doesNotMatch(serve.out, /stepwise load/);
});
