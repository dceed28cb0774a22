// Starts a `stepwise serve` binary as a child process on a free port and waits for the URL it prints;
// shared by the black-box tests and the benchmarks, which own what happens to the process afterwards.

import { spawn, type ChildProcess } from 'node:child_process';

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
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (https?:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => {
      reject(new Error(`stepwise serve exited with ${String(code)}:\n${output}`));
    });
  });
  return { child, url };
}
