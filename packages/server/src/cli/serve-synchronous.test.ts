// `serve --synchronous`: NORMAL by default, FULL on request (any case), anything else a usage error.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { UsageError } from './args.ts';
import { parseServeOptions } from './serve-command.ts';

it('--synchronous defaults to NORMAL, takes FULL in any case and refuses anything else', () => {
  assert.equal(parseServeOptions([]).synchronous, 'NORMAL');
  assert.equal(parseServeOptions(['--synchronous', 'full']).synchronous, 'FULL');
  assert.equal(parseServeOptions(['--synchronous=NORMAL']).synchronous, 'NORMAL');
  assert.throws(
    () => parseServeOptions(['--synchronous', 'OFF']),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, '--synchronous must be NORMAL or FULL');
      return true;
    },
  );
});
