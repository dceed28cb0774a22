// `stepwise test-state` through the real binary, spawned from the repository root as a user runs it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

function stepwise(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['packages/server/bin/stepwise.js', 'test-state', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'stepwise-test-state-'));
test.after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, definition: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(definition));
  return path;
}

const machine = file('machine.json', {
  StartAt: 'Check',
  States: {
    Check: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'Big' }], Default: 'Small' },
    Big: { Type: 'Succeed' },
    Small: { Type: 'Fail', Error: 'TooSmall' },
  },
});
const task = file('task.json', {
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  ResultSelector: { 'value.$': '$.Payload' },
  Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 2, MaxAttempts: 2 }],
  Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }],
  End: true,
});

const cases: { name: string; args: string[]; status: number; response?: Record<string, unknown>; stderr?: RegExp }[] = [
  {
    name: 'a Choice of a machine picks its next state',
    args: [machine, '--state', 'Check', '--input', '{"n":2}'],
    status: 0,
    response: { status: 'SUCCEEDED', output: '{"n":2}', nextState: 'Big' },
  },
  {
    name: 'a Fail state exits 1 with its error',
    args: [machine, '--state', 'Small'],
    status: 1,
    response: { status: 'FAILED', error: 'TooSmall' },
  },
  {
    name: 'a mocked result is shaped by ResultSelector, with TRACE inspection data',
    args: [task, '--mock-result', '{"Payload":7}', '--inspection-level', 'trace', '--input', '{"a":1}'],
    status: 0,
    response: {
      status: 'SUCCEEDED',
      output: '{"value":7}',
      inspectionData: {
        input: '{"a":1}',
        afterInputPath: '{"a":1}',
        afterParameters: '{"a":1}',
        result: '{"Payload":7}',
        afterResultSelector: '{"value":7}',
        afterResultPath: '{"value":7}',
      },
    },
  },
  {
    name: 'a mocked error that a retrier takes is RETRIABLE',
    args: [task, '--mock-error', 'Busy', '--mock-cause', 'later'],
    status: 0,
    response: { status: 'RETRIABLE', error: 'Busy', cause: 'later' },
  },
  {
    name: 'a mocked error that a catcher takes goes to its Next',
    args: [task, '--mock-error', 'Broken'],
    status: 0,
    response: { status: 'CAUGHT_ERROR', error: 'Broken', nextState: 'Recover', output: '{"Error":"Broken"}' },
  },
  {
    name: 'a mocked result that does not fit the output shape of the integration is refused (STRICT by default)',
    args: [task, '--mock-result', '{"StatusCode":"200"}'],
    status: 2,
    stderr: /ValidationException: Mock result schema validation error: Field 'StatusCode' must be a number/,
  },
  {
    name: 'with --field-validation-mode NONE the mocked result is not checked',
    args: [task, '--mock-result', '{"StatusCode":"200","Payload":1}', '--field-validation-mode', 'none'],
    status: 0,
    response: { status: 'SUCCEEDED', output: '{"value":1}' },
  },
  {
    name: 'an unknown state name is refused',
    args: [machine, '--state', 'Nowhere'],
    status: 2,
    stderr: /ValidationException: State not found in definition/,
  },
  {
    name: 'a result and an error cannot both be mocked',
    args: [task, '--mock-result', '{}', '--mock-error', 'E'],
    status: 2,
    stderr: /not both/,
  },
];

for (const c of cases) {
  test(`stepwise test-state: ${c.name}`, () => {
    const result = stepwise(...c.args);
    assert.equal(result.status, c.status, result.stderr);
    if (c.response !== undefined) assert.deepEqual(JSON.parse(result.stdout), c.response);
    if (c.stderr !== undefined) assert.match(result.stderr, c.stderr);
  });
}
