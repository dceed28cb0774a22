// One warm function worker process as the server sees it: spawned once per function version, loads the
// handler, then serves one invocation at a time. A timeout, an exit or a crash ends this process only.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LambdaOutcome } from '../tasks/lambda.ts';
import type { ContextFields } from './lambda-context.ts';
import { errorOutcome, maxResponseBytes, responseTooLarge, runtimeExited, timedOut } from './lambda-errors.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

// Built copies (dist/bundle) hold the worker as JavaScript beside this module; a checkout's sources as TypeScript.
const workerFile = fileURLToPath(
  new URL(import.meta.url.endsWith('.js') ? './function-worker.js' : './function-worker.ts', import.meta.url),
);
// Resolved from this package, so that the worker finds tsx whatever the user's working directory; through
// require.resolve, since test runners that load this module themselves (Vitest) have no import.meta.resolve.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Lambda gives a function's init phase 10 s of its own, not counted in the function timeout. */
const initTimeoutMillis = 10_000;
/**
 * How long the worker's runtime itself (Node with tsx, or Python) may take to start before the init phase:
 * that start is Stepwise's cost, not the handler's, and on a busy machine it alone can take seconds.
 */
const runtimeStartMillis = 60_000;

/**
 * Calls `expire` after `millis`, unless cancelled, but only once the replies that arrived meanwhile were read:
 * a timer runs before the event loop polls for input, so after a loop blocked past the limit (a busy
 * machine, a long step) it would otherwise fail an answer that came in time; setImmediate runs after that poll.
 */
function afterReplies(millis: number, expire: () => void): { cancel(): void } {
  let cancelled = false;
  const timer = setTimeout(() => {
    setImmediate(() => {
      if (!cancelled) expire();
    });
  }, millis);
  return {
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}

export interface ProcessOptions {
  file: string;
  environment: Record<string, string>;
  /** Receives each line the function writes to stdout or stderr; without it the output is dropped. */
  onLog?: (line: string) => void;
  /** The handler's export name in `file` (default `handler`). */
  handler?: string;
  /** The function's working directory (Lambda's /var/task: its code folder). */
  cwd?: string;
  /** How long loading the handler may take (default Lambda's 10 s Init limit). */
  initTimeoutMillis?: number;
  /** Another worker speaking this protocol on the IPC channel (the Python worker): program and arguments. */
  command?: readonly [string, ...string[]];
}

interface Pending {
  requestId: string;
  settle(outcome: LambdaOutcome): void;
}

export class FunctionProcess {
  private readonly child: ChildProcess;
  private readonly loaded: Promise<LambdaOutcome | undefined>;
  private readonly onLog: ((line: string) => void) | undefined;
  private pending: Pending | undefined;
  private startedWaiter: (() => void) | undefined;
  private readyWaiter: (() => void) | undefined;
  private exited = false;

  constructor(options: ProcessOptions) {
    this.onLog = options.onLog;
    const logged = options.onLog !== undefined;
    const [program, ...args] = options.command ?? [process.execPath, '--import', tsxLoader, workerFile];
    this.child = spawn(program, args, {
      env: options.environment,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      stdio: ['ignore', logged ? 'pipe' : 'ignore', logged ? 'pipe' : 'ignore', 'ipc'],
      serialization: 'json',
    });
    if (options.onLog !== undefined) {
      for (const stream of [this.child.stdout, this.child.stderr]) {
        if (stream !== null) createInterface({ input: stream }).on('line', options.onLog);
      }
    }
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      const pending = this.pending;
      if (pending !== undefined) pending.settle(runtimeExited(pending.requestId, code, signal));
    });
    this.child.on('error', (error) => {
      this.exited = true;
      this.pending?.settle(errorOutcome('Runtime.Unknown', `the function process failed: ${error.message}`));
    });
    this.child.on('message', (reply: WorkerReply) => {
      this.receive(reply);
    });
    this.loaded = this.load(options.file, options.handler ?? 'handler', options.initTimeoutMillis ?? initTimeoutMillis);
  }

  /** False once the process has ended or been killed: it must not be reused. */
  get usable(): boolean {
    return !this.exited;
  }

  async invoke(
    event: string,
    context: ContextFields,
    timeoutMillis: number,
    signal?: AbortSignal,
  ): Promise<LambdaOutcome> {
    this.hold();
    const loadFailure = await this.loaded;
    if (loadFailure !== undefined) {
      this.kill();
      return loadFailure;
    }
    if (this.exited) return runtimeExited(context.awsRequestId, this.child.exitCode, this.child.signalCode);
    return this.run(event, context, timeoutMillis, signal);
  }

  /** Lets the server's process exit while this one sits idle. */
  release(): void {
    this.child.unref();
    this.child.channel?.unref();
    for (const stream of [this.child.stdout, this.child.stderr]) (stream as Socket | null)?.unref();
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
    this.exited = true;
  }

  private hold(): void {
    this.child.ref();
    this.child.channel?.ref();
    for (const stream of [this.child.stdout, this.child.stderr]) (stream as Socket | null)?.ref();
  }

  private load(file: string, handler: string, limitMillis: number): Promise<LambdaOutcome | undefined> {
    return new Promise((resolve) => {
      const expire = (message: string): void => {
        this.pending = undefined;
        resolve(errorOutcome('Runtime.InitTimeout', message));
      };
      // The init limit counts from the worker's `started`, once its runtime is up, as Lambda's init phase does.
      let timer = afterReplies(runtimeStartMillis, () => {
        expire(`the function's runtime did not start within ${runtimeStartMillis} ms`);
      });
      this.startedWaiter = () => {
        timer.cancel();
        timer = afterReplies(limitMillis, () => {
          expire(`the handler module did not load within ${limitMillis} ms`);
        });
      };
      this.pending = {
        requestId: '',
        settle: (outcome) => {
          timer.cancel();
          this.pending = undefined;
          resolve(outcome);
        },
      };
      this.readyWaiter = () => {
        timer.cancel();
        this.pending = undefined;
        resolve(undefined);
      };
      this.send({ type: 'load', file, handler });
    });
  }

  private run(
    event: string,
    context: ContextFields,
    timeoutMillis: number,
    signal?: AbortSignal,
  ): Promise<LambdaOutcome> {
    const requestId = context.awsRequestId;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        finish();
        this.kill();
        reject(signal?.reason instanceof Error ? signal.reason : new Error('the invocation was aborted'));
      };
      const timer = afterReplies(timeoutMillis, () => {
        finish();
        this.kill();
        resolve(timedOut(requestId, timeoutMillis));
      });
      const finish = (): void => {
        timer.cancel();
        signal?.removeEventListener('abort', onAbort);
        this.pending = undefined;
      };
      if (signal?.aborted === true) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending = {
        requestId,
        settle: (outcome) => {
          finish();
          resolve(outcome);
        },
      };
      this.send({ type: 'invoke', requestId, event, context, deadline: Date.now() + timeoutMillis });
    });
  }

  private receive(reply: WorkerReply): void {
    const pending = this.pending;
    if (reply.type === 'started') {
      this.startedWaiter?.();
      this.startedWaiter = undefined;
      return;
    }
    if (reply.type === 'ready') {
      this.readyWaiter?.();
      this.readyWaiter = undefined;
      return;
    }
    if (reply.type === 'log') {
      for (const line of reply.text.split('\n')) this.onLog?.(line);
      return;
    }
    if (reply.type === 'load-failed') {
      pending?.settle({ errorType: reply.errorType, errorPayload: reply.errorPayload });
      return;
    }
    if (reply.type === 'error' && reply.fatal === true) this.kill();
    if (pending === undefined || pending.requestId !== reply.requestId) return;
    if (reply.type === 'error') pending.settle({ errorType: reply.errorType, errorPayload: reply.errorPayload });
    else if (Buffer.byteLength(reply.payload) > maxResponseBytes) pending.settle(responseTooLarge());
    else pending.settle({ payload: reply.payload });
  }

  private send(request: WorkerRequest): void {
    if (!this.exited) this.child.send(request);
  }
}
