// Proves the test kit runs under Jest too: runs jest/pipeline.spec.ts with Jest (a dev dependency; TypeScript
// ESM through Node's VM modules) in a child process and reads its result. The kit imports no test runner.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const config = fileURLToPath(new URL('./jest/jest.config.js', import.meta.url));

it('passes the image pipeline spec under Jest', () => {
  const jest = fileURLToPath(new URL('node_modules/jest/bin/jest.js', new URL(`file://${root}`)));
  const result = spawnSync(process.execPath, ['--experimental-vm-modules', jest, '--config', config, '--ci'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.status, 0, output);
  assert.match(output, /Tests:\s+2 passed, 2 total/, output);
});
