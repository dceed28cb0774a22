// A real `stepwise serve` on loopback for the HTTP workloads, and a lean AWS JSON 1.0 client on node:http
// with keep-alive sockets, so that the client costs little next to the server it measures.

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnServe } from 'stepwise/testing';

/** The `stepwise` binary of this work tree, or another build's (STEPWISE_BENCH_BINARY) to compare with. */
const binary =
  process.env.STEPWISE_BENCH_BINARY ?? fileURLToPath(new URL('../../packages/server/bin/stepwise.js', import.meta.url));

export interface BenchServer {
  url: string;
  pid: number;
  dataDir: string;
  /** Resident set size of the server process, in MiB (from /proc). */
  rssMiB(): number;
  /** Peak resident set size of the server process so far, in MiB (VmHWM from /proc). */
  peakRssMiB(): number;
  /** CPU seconds the server process has used so far (user + system, from /proc). */
  cpuSeconds(): number;
  /** The database file with its WAL, in MiB. */
  databaseMiB(): number;
  stop(): Promise<void>;
}

export async function startServer(extraArgs: string[] = [], serverBinary = binary): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-bench-'));
  const { child, url } = await spawnServe(serverBinary, dataDir, extraArgs);
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    dataDir,
    rssMiB: () => rssOf(pid),
    peakRssMiB: () => rssOf(pid, 'VmHWM'),
    cpuSeconds: () => cpuSecondsOf(pid),
    databaseMiB: () => sizeMiB(join(dataDir, 'stepwise.db')) + sizeMiB(join(dataDir, 'stepwise.db-wal')),
    stop: () => stop(child, dataDir),
  };
}

function rssOf(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

function cpuSecondsOf(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function sizeMiB(file: string): number {
  try {
    return statSync(file).size / 1024 ** 2;
  } catch {
    return 0;
  }
}

function stop(child: ChildProcess, dataDir: string): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** An AWS service error (`__type`), as the API answered it. */
export class ApiCallError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(`${type}: ${message}`);
    this.name = 'ApiCallError';
  }
}

/** Signs a request's headers (SigV4), for a server started with --auth. */
export type RequestSigner = (request: {
  host: string;
  port: number;
  headers: Record<string, string>;
  body: string;
}) => Promise<Record<string, string>>;

/** A call ready to send: its headers (signed or not) and body. */
export interface PreparedCall {
  headers: Record<string, string>;
  text: string;
}

/** Calls Step Functions operations over keep-alive sockets. */
export class ApiClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    url: string,
    sockets: number,
    private readonly sign?: RequestSigner,
  ) {
    const parsed = new URL(url);
    this.host = parsed.hostname;
    this.port = Number(parsed.port);
    // A timeout makes Node's agent honour the server's `Keep-Alive: timeout=N` hint (it drops an idle socket a
    // second before the server would); without one it keeps idle sockets until the server closes them, and a
    // call sent as that happens gets "socket hang up".
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, timeout: 600_000 });
  }

  /** `target` and `contentType` name another JSON API on the port (EventBridge: `AWSEvents`, JSON 1.1). */
  async call<T = Record<string, unknown>>(
    operation: string,
    body: object,
    target = 'AWSStepFunctions',
    contentType = 'application/x-amz-json-1.0',
  ): Promise<T> {
    return this.sendPrepared<T>(await this.prepare(operation, body, target, contentType));
  }

  /**
   * A call's headers (signed, with a signer) and body, made ahead: a workload that measures the server prepares
   * its calls first, so that signing in this process does not slow the calls' arrival at the server.
   */
  async prepare(
    operation: string,
    body: object,
    target = 'AWSStepFunctions',
    contentType = 'application/x-amz-json-1.0',
  ): Promise<PreparedCall> {
    const text = JSON.stringify(body);
    const unsigned = {
      'content-type': contentType,
      'x-amz-target': `${target}.${operation}`,
      'content-length': String(Buffer.byteLength(text)),
    };
    const headers =
      this.sign === undefined
        ? unsigned
        : await this.sign({ host: this.host, port: this.port, headers: unsigned, body: text });
    return { headers, text };
  }

  sendPrepared<T = Record<string, unknown>>(call: PreparedCall): Promise<T> {
    return this.send<T>(call.headers, call.text);
  }

  private send<T>(headers: Record<string, string>, text: string, retry = true): Promise<T> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          method: 'POST',
          path: '/',
          agent: this.agent,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            if (res.statusCode === 200) resolve(parsed as T);
            else
              reject(new ApiCallError(String(parsed.__type), typeof parsed.message === 'string' ? parsed.message : ''));
          });
          res.on('error', reject);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed as this call went out (idle past its keep-alive timeout while
        // the other server's run took over a minute on a loaded machine): the server never read the call.
        if (retry && req.reusedSocket && error.code === 'ECONNRESET') resolve(this.send<T>(headers, text, false));
        else reject(error);
      });
      req.end(text);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export const roleArn = 'arn:aws:iam::123456789012:role/bench';

/**
 * Polls until no execution of the machine is RUNNING. The poll is prepared (signed) once: a signing client
 * would otherwise spend CPU on every poll while the server it measures runs.
 */
export async function untilNoneRunning(client: ApiClient, stateMachineArn: string): Promise<void> {
  const poll = await client.prepare('ListExecutions', { stateMachineArn, statusFilter: 'RUNNING', maxResults: 1 });
  for (;;) {
    const page = await client.sendPrepared<{ executions: unknown[] }>(poll);
    if (page.executions.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** How many executions of the machine have `status` (paging through ListExecutions). */
export async function countExecutions(client: ApiClient, stateMachineArn: string, status: string): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page: { executions: unknown[]; nextToken?: string } = await client.call('ListExecutions', {
      stateMachineArn,
      statusFilter: status,
      maxResults: 1000,
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    count += page.executions.length;
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return count;
}
