// The harness checking itself: the replay target fails no case. The floors of the real targets are in
// floors/, one test file per target so that they run at the same time.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadCases } from './case.ts';
import { defaultCaseDirs } from './case-dirs.ts';
import { runCases } from './runner.ts';
import { findTarget } from './targets/index.ts';

it('the replay target (the harness checking itself) fails nothing', async () => {
  const target = findTarget('replay');
  assert.ok(target);
  const report = await runCases(target, loadCases(defaultCaseDirs));
  const failed = report.outcomes.filter((o) => o.status === 'failed').map((o) => o.id);
  assert.deepEqual(failed, []);
});
