// Starts the real `stepwise serve` binary on a free port with a fresh data directory, for black-box tests.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const binary = fileURLToPath(new URL('../../packages/server/bin/stepwise.js', import.meta.url));

export interface ServerProcess {
  url: string;
  /** SIGTERM, then the exit code (0 after a graceful shutdown). */
  stop(): Promise<number | null>;
}

export async function startServer(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-e2e-'));
  const child = spawn(
    process.execPath,
    [binary, 'serve', '--port', '0', '--data', dataDir, '--log-level', 'warn', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
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
  return { url, stop: () => stop(child, dataDir) };
}

function stop(child: ChildProcess, dataDir: string): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
