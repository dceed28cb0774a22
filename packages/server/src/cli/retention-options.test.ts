// `serve --retention-days`: 90 by default as on AWS, any positive number of days, a usage error otherwise.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { UsageError } from './args.ts';
import { parseServeOptions } from './serve-command.ts';

it('--retention-days defaults to 90, takes positive days (fractions too) and refuses anything else', () => {
  assert.equal(parseServeOptions([]).retentionDays, 90);
  assert.equal(parseServeOptions(['--retention-days', '30']).retentionDays, 30);
  assert.equal(parseServeOptions(['--retention-days=0.5']).retentionDays, 0.5);
  for (const bad of ['0', '-1', 'soon', '']) {
    assert.throws(
      () => parseServeOptions(['--retention-days', bad]),
      (error: unknown) =>
        error instanceof UsageError && /--retention-days must be a positive number/.test(error.message),
      bad,
    );
  }
});
