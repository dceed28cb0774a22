// Proves the test kit runs under Vitest too: runs vitest/pipeline.spec.ts with Vitest (a dev dependency) in a
// child process and reads its result. The kit imports no test runner; it throws node:assert errors.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const specs = fileURLToPath(new URL('./vitest/', import.meta.url));

it('passes the image pipeline spec under Vitest', () => {
  const vitest = fileURLToPath(new URL('node_modules/vitest/vitest.mjs', new URL(`file://${root}`)));
  const result = spawnSync(process.execPath, [vitest, 'run', '--root', specs, '--reporter', 'verbose'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.status, 0, output);
  assert.match(output, /Tests\s+2 passed \(2\)/, output);
});
