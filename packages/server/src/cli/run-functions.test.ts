// `stepwise run --functions DIR` with isolated functions, through main() as a user runs it: hangs, exits,
// throws, edits between runs, executables in sh and Python, logs, and the 256 KiB limit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from './cli-test-calls.ts';

const functions = fileURLToPath(new URL('../runtime/functions/fixtures/', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Runs invoke-by-name.asl.json against function `fn` and returns the --json report. */
async function invoke(fn: string, payload: unknown, ...extra: string[]): Promise<Record<string, unknown>> {
  const input = JSON.stringify({ fn, payload });
  const result = await cli('run', fixture('invoke-by-name.asl.json'), '--input', input, '--json', ...extra);
  return JSON.parse(result.out) as Record<string, unknown>;
}

function cause(report: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(report.cause as string) as Record<string, unknown>;
}

test('run: a function that loops for ever fails its task with Sandbox.Timedout after --function-timeout', async () => {
  const report = await invoke('loops', {}, '--functions', functions, '--function-timeout', '0.5');
  assert.equal(report.status, 'FAILED');
  assert.equal(report.error, 'Sandbox.Timedout');
  assert.match(cause(report).errorMessage as string, /^RequestId: \S+ Error: Task timed out after 0\.50 seconds$/);
});

test('run: a function that calls process.exit(1) fails its task with Runtime.ExitError; the CLI lives on', async () => {
  const report = await invoke('exits', {}, '--functions', functions);
  assert.equal(report.status, 'FAILED');
  assert.equal(report.error, 'Runtime.ExitError');
  assert.match(cause(report).errorMessage as string, /Runtime exited with error: exit status 1$/);
});

test('run: a function that throws fails with its error type and message', async () => {
  const report = await invoke('fails', {}, '--functions', functions);
  assert.equal(report.error, 'StockError');
  assert.equal(cause(report).errorMessage, 'no stock left');
});

test('run: a function edited between two runs answers with its new code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-run-'));
  try {
    writeFileSync(join(dir, 'edited.ts'), 'export const handler = (): number => 1;\n');
    assert.equal((await invoke('edited', {}, '--functions', dir)).output, 1);
    writeFileSync(join(dir, 'edited.ts'), 'export const handler = (): number => 2;\n');
    assert.equal((await invoke('edited', {}, '--functions', dir)).output, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run: executables in sh and python3 take the event on stdin and answer on stdout', async () => {
  const shell = await invoke('sh-echo', { n: 1 }, '--functions', functions);
  assert.deepEqual(shell.output, { shell: { n: 1 }, function: 'sh-echo' });
  const python = await invoke('py-echo', { n: 4 }, '--functions', functions);
  assert.deepEqual(python.output, { doubled: 8 });
});

test('run: NAME.py in the functions folder runs as a Python Lambda handler with a Lambda context', async () => {
  const report = await invoke('py-module', { n: 2 }, '--functions', functions);
  assert.deepEqual(report.output, { tripled: 6, function: 'py-module', calls: 1 });
});

test('run: an executable that exits non-zero with {errorType, errorMessage} fails with that error', async () => {
  const report = await invoke('py-fails', { n: 1 }, '--functions', functions);
  assert.equal(report.status, 'FAILED');
  assert.equal(report.error, 'ValidationError');
  assert.deepEqual(cause(report), { errorType: 'ValidationError', errorMessage: 'bad input: {"n": 1}' });
  const crash = await invoke('sh-crash', {}, '--functions', functions);
  assert.equal(crash.error, 'Runtime.ExitError');
});

test('run: an executable that prints a log line to stdout fails naming itself and its stdout', async () => {
  const report = await invoke('sh-noisy', {}, '--functions', functions);
  assert.equal(report.status, 'FAILED');
  assert.equal(report.error, 'Runtime.MarshalError');
  const message = cause(report).errorMessage as string;
  assert.match(message, /sh-noisy printed to stdout what is not JSON/);
  assert.match(message, /write logs to stderr/);
  // Where the JSON broke, in Jackson's words, quoting stdout.
  assert.ok(message.includes("Unrecognized token 'starting': was expecting (JSON String"), message);
  assert.ok(message.endsWith('at [Source: (String)"starting up\n{"ok":true}"; line: 1, column: 9]'), message);
});

test('run: what a function logs goes to stderr, prefixed with its name', async () => {
  const input = JSON.stringify({ fn: 'logs', payload: { a: 1 } });
  const result = await cli('run', fixture('invoke-by-name.asl.json'), '--input', input, '--functions', functions);
  assert.equal(result.code, 0, result.err);
  const lines = result.err.split('\n').sort();
  assert.deepEqual(lines, ['[logs] a warning', '[logs] processing {"a":1}']);
});

test('run: a result over 256 KiB fails the state with States.DataLimitExceeded', async () => {
  const result = await cli('run', fixture('lambda-big.asl.json'), '--functions', functions, '--json');
  const report = JSON.parse(result.out) as Record<string, unknown>;
  assert.equal(report.error, 'States.DataLimitExceeded');
});

test('run: --function-timeout must be a number of seconds within Lambda limits', async () => {
  const result = await cli('run', fixture('succeed.asl.json'), '--function-timeout', 'soon');
  assert.equal(result.code, 2);
  assert.match(result.err, /--function-timeout must be a number of seconds/);
});
