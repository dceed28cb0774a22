// Many independent keep-alive clients against one server, each looping StartExecution then DescribeExecution
// for a fixed time: the load probe of the fault suite and the benchmark share it. Every failure is kept
// (operation, and the error's type or the socket's code), never thrown, so a run reports all it saw.

import { Agent, request } from 'node:http';

export interface LoadOptions {
  url: string;
  stateMachineArn: string;
  clients: number;
  seconds: number;
}

export interface LoadResult {
  /** StartExecution latencies, in milliseconds, of the calls that succeeded. */
  startLatencies: number[];
  /** When each of those calls was sent, in milliseconds since the run began (to place a slow answer). */
  startTimes: number[];
  /**
   * The latencies of the calls after each client's first: its first waits for the server to accept its
   * connection, one a loop turn since libuv 1.45, which under CPU starvation takes the server seconds.
   */
  laterStartLatencies: number[];
  describes: number;
  /** "StartExecution: ECONNRESET socket hang up", counted. */
  errors: Map<string, number>;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = {
    startLatencies: [],
    startTimes: [],
    laterStartLatencies: [],
    describes: 0,
    errors: new Map(),
  };
  const began = performance.now();
  const until = began + options.seconds * 1000;
  const target = new URL(options.url);
  const clients = Array.from({ length: options.clients }, (_, index) =>
    clientLoop({ host: target.hostname, port: Number(target.port), index, began, until, options, result }),
  );
  await Promise.all(clients);
  return result;
}

interface ClientLoop {
  host: string;
  port: number;
  index: number;
  began: number;
  until: number;
  options: LoadOptions;
  result: LoadResult;
}

/** One client: its own agent with one keep-alive socket, as an application's SDK client has. */
async function clientLoop(loop: ClientLoop): Promise<void> {
  // The timeout makes Node's agent honour the server's Keep-Alive hint (see bench/src/server.ts).
  const agent = new Agent({ keepAlive: true, maxSockets: 1, timeout: 600_000 });
  const call = (operation: string, body: object) => post(agent, loop, operation, body);
  try {
    for (let i = 0; performance.now() < loop.until; i++) {
      const started = performance.now();
      const name = `c${String(loop.index)}-${String(i)}`;
      const input = JSON.stringify({ client: loop.index, i });
      const start = await call('StartExecution', { stateMachineArn: loop.options.stateMachineArn, name, input });
      if (!record(loop.result, 'StartExecution', start)) continue;
      const latency = performance.now() - started;
      loop.result.startLatencies.push(latency);
      loop.result.startTimes.push(started - loop.began);
      if (i > 0) loop.result.laterStartLatencies.push(latency);
      const executionArn = (start.body as { executionArn?: string }).executionArn;
      if (record(loop.result, 'DescribeExecution', await call('DescribeExecution', { executionArn }))) {
        loop.result.describes++;
      }
    }
  } finally {
    agent.destroy();
  }
}

type Answer = { ok: true; body: unknown } | { ok: false; error: string };

function record(result: LoadResult, operation: string, answer: Answer): answer is { ok: true; body: unknown } {
  if (answer.ok) return true;
  const key = `${operation}: ${answer.error}`;
  result.errors.set(key, (result.errors.get(key) ?? 0) + 1);
  return false;
}

function post(agent: Agent, loop: ClientLoop, operation: string, body: object): Promise<Answer> {
  const text = JSON.stringify(body);
  const headers = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `AWSStepFunctions.${operation}`,
    'content-length': String(Buffer.byteLength(text)),
  };
  return new Promise((resolve) => {
    const req = request({ host: loop.host, port: loop.port, method: 'POST', path: '/', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const parsed = parseJson(text);
        if (res.statusCode === 200 && parsed !== undefined) resolve({ ok: true, body: parsed });
        else resolve({ ok: false, error: `${String(res.statusCode)} ${parsed?.__type ?? text.slice(0, 80)}` });
      });
      res.on('error', (error: NodeJS.ErrnoException) => {
        resolve({ ok: false, error: `${error.code ?? ''} ${error.message}` });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ ok: false, error: `${error.code ?? ''} ${error.message}` });
    });
    req.end(text);
  });
}

function parseJson(text: string): { __type?: string } | undefined {
  try {
    return JSON.parse(text) as { __type?: string };
  } catch {
    return undefined;
  }
}
