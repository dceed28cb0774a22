// The real `stepwise` binary, spawned from the repository root exactly as a user runs it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

function stepwise(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['packages/server/bin/stepwise.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('stepwise run examples/hello prints the output and exits 0', () => {
  const result = stepwise(
    'run',
    'examples/hello/hello.asl.json',
    '--input',
    '{"name":"Ada","tags":["a"]}',
    '--functions',
    'examples/hello/functions',
  );
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { message: 'Hello, Ada!', length: 1 });
  assert.equal(result.stderr, '');
});

test('stepwise validate exits 2 and prints diagnostics for an invalid definition', () => {
  const file = 'packages/server/src/cli/fixtures/invalid.asl.json';
  const result = stepwise('validate', file);
  assert.equal(result.status, 2);
  assert.equal(
    result.stdout,
    `${file}:6:15 MISSING_TRANSITION_TARGET Missing 'Next' target: Nowhere (at /States/First/Next)\n`,
  );
});

test('stepwise validate points at the key of a field an object does not support, and bad --input exits 2', () => {
  const file = 'packages/server/src/cli/fixtures/unsupported-field.asl.json';
  const result = stepwise('validate', file);
  assert.equal(result.status, 2);
  assert.equal(
    result.stdout,
    `${file}:6:7 SCHEMA_VALIDATION_FAILED Field 'Reslt' is not supported (at /States/Only)\n`,
  );
  const run = stepwise('run', 'examples/hello/hello.asl.json', '--input', '{"name":');
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--input is not valid JSON/);
});

test('stepwise validate checks JSONata expressions (its bundle loads jsonata only for them)', () => {
  const file = 'packages/server/src/cli/fixtures/invalid-jsonata.asl.json';
  const result = stepwise('validate', file);
  assert.equal(result.status, 2, result.stderr);
  assert.match(
    result.stdout,
    /^\S+:6:\d+ INVALID_JSONATA The JSONata expression '\$states\.input\.\(' is not valid: S0203/,
  );
});

test('stepwise validate exits 0 for the hello example', () => {
  const result = stepwise('validate', 'examples/hello/hello.asl.json');
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.equal(result.stderr, 'examples/hello/hello.asl.json: valid\n');
});

test('stepwise with an unknown command exits 2 with a message on stderr', () => {
  const result = stepwise('frobnicate');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^stepwise: unknown command 'frobnicate'/);
});
