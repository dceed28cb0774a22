// A function worker's answer that arrived while the server's event loop was blocked past the call's timeout
// (a long step on a busy machine) is taken, not failed as a timeout: the timer waits for the replies read.
// The init limit counts from the worker's runtime being up, so a slow machine's Node start is not the handler's.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, it } from 'node:test';
import { FunctionProcess } from './function-process.ts';
import { contextFields } from './lambda-context.ts';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-function-process-'));
const file = join(dir, 'echo.mjs');
writeFileSync(file, 'export const handler = async (event) => ({ echoed: event });\n');
const worker = new FunctionProcess({ file, environment: { PATH: process.env.PATH ?? '' } });
after(() => {
  worker.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** Blocks this thread (the event loop with it) without using the CPU. */
function blockLoop(millis: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, millis);
}

it('takes an answer that came while the event loop was blocked past the timeout', async () => {
  const config = {
    name: 'echo',
    arn: 'arn:aws:lambda:us-east-1:123456789012:function:echo',
    timeoutMillis: 3000,
    memoryLimitInMB: 128,
  };
  // Warm: the handler is loaded, so the next answer takes milliseconds.
  assert.deepEqual(await worker.invoke('1', contextFields(config, 'warm', new Date()), 30_000), {
    payload: '{"echoed":1}',
  });
  const answer = worker.invoke('2', contextFields(config, 'blocked', new Date()), 50);
  // After this turn (the call's timer set), the loop is blocked far longer than its 50 ms while the worker
  // answers; the loop's next turn then runs its timers before it reads the answer.
  setImmediate(() => {
    blockLoop(3000);
  });
  assert.deepEqual(await answer, { payload: '{"echoed":2}' });
});

const runtime = {
  name: 'slow-start',
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:slow-start',
  timeoutMillis: 3000,
  memoryLimitInMB: 128,
};
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const workerFile = fileURLToPath(new URL('./function-worker.ts', import.meta.url));

/** A worker whose runtime takes 1.5 s to start (a busy machine), then loads `handlerFile` at once. */
function slowStartingWorker(handlerFile: string): FunctionProcess {
  const command = `sleep 1.5; exec "${process.execPath}" --import "${tsxLoader}" "${workerFile}"`;
  return new FunctionProcess({
    file: handlerFile,
    environment: { PATH: process.env.PATH ?? '' },
    initTimeoutMillis: 500,
    command: ['/bin/sh', '-c', command],
  });
}

it("counts the init limit from the worker's start, not from its spawn", async () => {
  const slow = slowStartingWorker(file);
  try {
    assert.deepEqual(await slow.invoke('3', contextFields(runtime, 'slow-start', new Date()), 30_000), {
      payload: '{"echoed":3}',
    });
  } finally {
    slow.kill();
  }
});

it('still fails a handler module that takes longer than the init limit to load', async () => {
  const slowModule = join(dir, 'slow-module.mjs');
  writeFileSync(slowModule, 'await new Promise((r) => setTimeout(r, 3000));\nexport const handler = async () => 1;\n');
  const slow = slowStartingWorker(slowModule);
  try {
    const outcome = await slow.invoke('4', contextFields(runtime, 'slow-module', new Date()), 30_000);
    assert.ok('errorType' in outcome, `expected an error, got ${JSON.stringify(outcome)}`);
    assert.equal(outcome.errorType, 'Runtime.InitTimeout');
    assert.match(outcome.errorPayload, /did not load within 500 ms/);
  } finally {
    slow.kill();
  }
});
