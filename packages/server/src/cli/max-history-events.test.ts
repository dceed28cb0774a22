// `serve --max-history-events`: absent by default (AWS's 25,000 applies), a whole number from 10 up, a usage
// error naming the option otherwise.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { UsageError } from './args.ts';
import { parseServeOptions } from './serve-command.ts';

it('--max-history-events is absent by default, takes a whole number of events and refuses anything else', () => {
  assert.equal(parseServeOptions([]).maxHistoryEvents, undefined);
  assert.equal(parseServeOptions(['--max-history-events', '100000']).maxHistoryEvents, 100_000);
  for (const bad of ['9', '1.5', 'many', '']) {
    assert.throws(
      () => parseServeOptions(['--max-history-events', bad]),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message.includes(`--max-history-events must be a whole number of events from 10 up, not '${bad}'`),
      bad,
    );
  }
});
