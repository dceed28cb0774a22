// When Chromium cannot start, the console tests fail within seconds, say why, and leave no `stepwise serve`
// behind (it used to keep running, and the test runner waited on it forever).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

const consoleTest = fileURLToPath(new URL('./console.test.ts', import.meta.url));

/** Processes whose command line mentions `text` (the servers keep their data under it). */
function processesMentioning(text: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && entry !== String(process.pid))
    .flatMap((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return command.includes(text) ? [`${pid}: ${command}`] : [];
      } catch {
        return []; // It ended while we looked.
      }
    });
}

/** Runs the console tests; kills them (and fails) if they have not ended within `limitMs`. */
function runConsoleTests(env: NodeJS.ProcessEnv, limitMs: number): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', consoleTest], { env, detached: true });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`the console tests still ran after ${String(limitMs)} ms:\n${output}`));
    }, limitMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

it('fails naming Chromium and stops its server when Chromium is missing', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'stepwise-no-chromium-'));
  try {
    // Without NODE_TEST_CONTEXT the child runs as a test run of its own, not as a part of this one.
    const env: NodeJS.ProcessEnv = { ...process.env, STEPWISE_CHROMIUM: join(scratch, 'chromium'), TMPDIR: scratch };
    delete env.NODE_TEST_CONTEXT;
    const { code, output } = await runConsoleTests(env, 60_000);
    assert.notEqual(code, 0);
    assert.match(output, /Chromium \(.*chromium\) is missing/);
    assert.deepEqual(processesMentioning(scratch), []);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
