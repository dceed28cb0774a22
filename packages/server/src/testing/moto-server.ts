// Starts moto_server (Python moto 5, an AWS-compatible server) on a free 127.0.0.1 port, for the tests and
// the conformance runs that perform AWS service tasks against something real.

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { stopWithThisProcess } from './stop-with-this-process.ts';

export interface MotoServer {
  /** The endpoint every AWS service client of a test points at. */
  endpoint: string;
  /** Forgets every resource (moto's reset API). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export class MotoUnavailableError extends Error {
  override name = 'MotoUnavailableError';
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * How long a start may take. moto_server answers in about 2 s on an idle machine, but `npm test` starts
 * several at once beside servers and Chromium, and on a loaded 2-core machine 30 s was seen to be too few.
 */
const defaultStartMs = 120_000;

/** Starts moto_server from PATH; waits (at most `timeoutMs`) until it answers. */
export interface MotoOptions {
  command?: string;
  /** 120 s unless given. */
  timeoutMs?: number;
  /** moto_server's environment (e.g. MOTO_ACCOUNT_ID, whose default is 123456789012); the caller's by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

export async function startMotoServer(options: MotoOptions = {}): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(options.command ?? 'moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: options.env,
  });
  stopWithThisProcess(child);
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => {
      reject(new MotoUnavailableError(`cannot start moto_server (pip install 'moto[server]'): ${error.message}`));
    });
    child.once('exit', (code) => {
      reject(new MotoUnavailableError(`moto_server exited with ${String(code)}: ${log}`));
    });
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitUntilUp(endpoint, options.timeoutMs ?? defaultStartMs), exited]);
  } catch (error) {
    // A moto_server that never answered must not outlive the failed start.
    await stop(child);
    throw error;
  }
  return {
    endpoint,
    reset: async () => {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    stop: () => stop(child),
  };
}

async function waitUntilUp(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      const seconds = String(Math.round(timeoutMs / 1000));
      throw new MotoUnavailableError(
        `moto_server did not answer on ${endpoint} within ${seconds} s (a loaded machine starts it slowly; the ` +
          `limit is startMotoServer's timeoutMs)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}
