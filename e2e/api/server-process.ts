// Starts the real `stepwise serve` binary on a free port with a fresh data directory (or a given one,
// to restart a server on the same data), for black-box tests.

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnServe } from 'stepwise/testing';

const binary = fileURLToPath(new URL('../../packages/server/bin/stepwise.js', import.meta.url));

export interface ServerProcess {
  url: string;
  /** The server's process id (a probe may stop and continue it). */
  pid: number;
  dataDir: string;
  /** SIGTERM, then the exit code (0 after a graceful shutdown). */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies at once, as in a crash. */
  kill(): Promise<void>;
}

export interface ServerOptions {
  /** Keep the data here (and leave it when the server stops); default: a temporary directory removed on stop. */
  dataDir?: string;
  /** Extra environment variables for the server (AWS credentials, ...). */
  env?: Record<string, string>;
}

export async function startServer(extraArgs: string[] = [], options: ServerOptions = {}): Promise<ServerProcess> {
  const owned = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stepwise-e2e-'));
  const { child, url } = await spawnServe(binary, dataDir, extraArgs, { ...process.env, ...options.env });
  const cleanUp = (): void => {
    if (owned) rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    url,
    pid: child.pid ?? 0,
    dataDir,
    stop: () => stop(child, 'SIGTERM', cleanUp),
    kill: async () => {
      await stop(child, 'SIGKILL', cleanUp);
    },
  };
}

function stop(child: ChildProcess, signal: NodeJS.Signals, cleanUp: () => void): Promise<number | null> {
  return new Promise((resolve) => {
    // A server that already died has nothing left to stop (waiting for its exit would wait forever).
    if (child.exitCode !== null || child.signalCode !== null) {
      cleanUp();
      resolve(child.exitCode);
      return;
    }
    child.once('exit', (code) => {
      cleanUp();
      resolve(code);
    });
    child.kill(signal);
  });
}
