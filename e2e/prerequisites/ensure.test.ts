// The pre-test check names a missing program and how to install it, and finds PostgreSQL's versioned bin.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { postgresBin } from './system-tools.ts';

const ensure = fileURLToPath(new URL('./ensure.ts', import.meta.url));

it('stops at once, naming Chromium, when the tests are pointed at a Chromium that is not there', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ensure], {
    env: { ...process.env, STEPWISE_CHROMIUM: '/nonexistent/chromium' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Chromium: STEPWISE_CHROMIUM=\/nonexistent\/chromium does not exist/);
});

it('names the package and the install line of a missing program when it may not install', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ensure], {
    env: { ...process.env, PATH: '/nonexistent', STEPWISE_NO_INSTALL: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /moto_server, for .*: install it with\n\s+python3 -m pip install 'moto\[server\]>=5,<6'/);
});

it("finds the newest PostgreSQL version's bin holding initdb and pg_ctl", () => {
  const root = mkdtempSync(join(tmpdir(), 'stepwise-pg-'));
  try {
    assert.equal(postgresBin(join(root, 'absent')), undefined);
    for (const [version, programs] of [
      ['13', ['initdb', 'pg_ctl']],
      ['16', ['initdb']],
      ['15', ['initdb', 'pg_ctl']],
    ] as const) {
      mkdirSync(join(root, version, 'bin'), { recursive: true });
      for (const program of programs) {
        writeFileSync(join(root, version, 'bin', program), '');
        chmodSync(join(root, version, 'bin', program), 0o755);
      }
    }
    assert.equal(postgresBin(root), join(root, '15', 'bin'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
