// A test that fails (or a runner that stops a test file) may never reach its clean-up: the processes it
// started (servers, moto) are killed when this process exits or is told to stop, so none outlives the run.
// The test command runs with --test-force-exit, so a failed test's live children do not keep it waiting.

import type { ChildProcess } from 'node:child_process';

/** The children still running; each leaves the set when it exits. */
const running = new Set<ChildProcess>();
let hooked = false;

export function stopWithThisProcess(child: ChildProcess): void {
  if (!hooked) hookExit();
  running.add(child);
  child.once('exit', () => running.delete(child));
}

function hookExit(): void {
  hooked = true;
  const killAll = (): void => {
    for (const child of running) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // Once handled, the signal is sent again: with no handler left, it ends this process as it would have.
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}
