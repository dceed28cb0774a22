// Starts a `stepwise serve` binary as a child process on a free port and waits for the URL it prints;
// shared by the black-box tests and the benchmarks, which own what happens to the process afterwards.

import { spawn, type ChildProcess } from 'node:child_process';
import { stopWithThisProcess } from './stop-with-this-process.ts';

/** Generous: two cores shared by many test processes can make a cold start slow. */
const startTimeoutMs = 60_000;

export interface ServeProcess {
  child: ChildProcess;
  url: string;
}

/**
 * `binary` is the `stepwise` bin script to run; `dataDir` its data directory. The server listens on a free
 * loopback port with warnings-only logs; `env` replaces the child's environment when given.
 */
export async function spawnServe(
  binary: string,
  dataDir: string,
  extraArgs: readonly string[],
  env?: Record<string, string | undefined>,
): Promise<ServeProcess> {
  const args = [binary, 'serve', '--port', '0', '--data', dataDir, '--log-level', 'warn', ...extraArgs];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env === undefined ? {} : { env }),
  });
  stopWithThisProcess(child);
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (https?:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('error', (error) => {
      reject(new Error(`cannot start stepwise serve: ${error.message}`));
    });
    child.once('exit', (code) => {
      reject(new Error(`stepwise serve exited with ${String(code)}:\n${output}`));
    });
  });
  // A server that never says it listens is stopped, so no caller waits on it forever.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`stepwise serve did not listen within ${String(startTimeoutMs / 1000)} s:\n${output}`));
    }, startTimeoutMs);
  });
  try {
    return { child, url: await Promise.race([started, timedOut]) };
  } finally {
    clearTimeout(timer);
  }
}
