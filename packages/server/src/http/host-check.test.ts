// Which Host headers the loopback server answers: loopback names, allowed names, and their `sync-` forms
// (the AWS SDKs' host prefix for StartSyncExecution and TestState).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostAllowed } from './host-check.ts';

const cases: [string | undefined, boolean][] = [
  ['127.0.0.1:8083', true],
  ['sync-127.0.0.1:8083', true],
  ['localhost:8083', true],
  ['sync-localhost:8083', true],
  ['[::1]:8083', true],
  ['stepwise.test:8083', true],
  ['sync-stepwise.test:8083', true],
  ['evil.example:8083', false],
  ['sync-evil.example:8083', false],
  ['sync-', false],
  [undefined, false],
];

for (const [host, answered] of cases) {
  test(`Host ${String(host)} is ${answered ? '' : 'not '}answered`, () => {
    assert.equal(hostAllowed(host, ['stepwise.test']), answered);
  });
}
