// `serve --synchronous`: NORMAL by default, FULL on request (any case), anything else a usage error.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { UsageError } from './args.ts';
import { parseServeOptions, type ServeOptions } from './serve-command.ts';

function sqliteOf(options: ServeOptions): { synchronous: string } {
  if (options.store.kind !== 'sqlite') throw new Error(`expected the SQLite store, got ${options.store.kind}`);
  return options.store;
}

it('--synchronous defaults to NORMAL, takes FULL in any case and refuses anything else', () => {
  assert.equal(sqliteOf(parseServeOptions([])).synchronous, 'NORMAL');
  assert.equal(sqliteOf(parseServeOptions(['--synchronous', 'full'])).synchronous, 'FULL');
  assert.equal(sqliteOf(parseServeOptions(['--synchronous=NORMAL'])).synchronous, 'NORMAL');
  assert.throws(
    () => parseServeOptions(['--synchronous', 'OFF']),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, '--synchronous must be NORMAL or FULL');
      return true;
    },
  );
});
