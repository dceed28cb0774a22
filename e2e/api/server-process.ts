// Starts the real `stepwise serve` binary on a free port with a fresh data directory (or a given one,
// to restart a server on the same data), for black-box tests.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const binary = fileURLToPath(new URL('../../packages/server/bin/stepwise.js', import.meta.url));

export interface ServerProcess {
  url: string;
  dataDir: string;
  /** SIGTERM, then the exit code (0 after a graceful shutdown). */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies at once, as in a crash. */
  kill(): Promise<void>;
}

export interface ServerOptions {
  /** Keep the data here (and leave it when the server stops); default: a temporary directory removed on stop. */
  dataDir?: string;
}

export async function startServer(extraArgs: string[] = [], options: ServerOptions = {}): Promise<ServerProcess> {
  const owned = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stepwise-e2e-'));
  const child = spawn(
    process.execPath,
    [binary, 'serve', '--port', '0', '--data', dataDir, '--log-level', 'warn', ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => {
      reject(new Error(`stepwise serve exited with ${String(code)}:\n${output}`));
    });
  });
  const cleanUp = (): void => {
    if (owned) rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    url,
    dataDir,
    stop: () => stop(child, 'SIGTERM', cleanUp),
    kill: async () => {
      await stop(child, 'SIGKILL', cleanUp);
    },
  };
}

function stop(child: ChildProcess, signal: NodeJS.Signals, cleanUp: () => void): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      cleanUp();
      resolve(code);
    });
    child.kill(signal);
  });
}
