// Local functions from a folder, run isolated from the server: module handlers in warm worker processes
// (one process per function version, reused serially as Lambda reuses a sandbox), executables in a fresh
// process per call; all under one concurrency limit, each call under its function's timeout.

import { availableParallelism } from 'node:os';
import type { FunctionResolver, InvokeOptions, LambdaFunction, LambdaOutcome } from '../tasks/lambda.ts';
import { ConcurrencyLimit } from './concurrency-limit.ts';
import { runExecutable } from './executable-function.ts';
import { findFunction, type FunctionSource } from './function-files.ts';
import { FunctionProcess } from './function-process.ts';
import { contextFields, lambdaEnvironment, traceEnvironment, type FunctionConfiguration } from './lambda-context.ts';
import { errorOutcome } from './lambda-errors.ts';
import { missingInterpreter, pythonWorkerCommand } from './python-runtime.ts';

export interface LocalFunctionsOptions {
  /** The folder holding `NAME.ts|.js|.mjs` modules, Python modules `NAME.py` and executables `NAME`. */
  dir: string;
  region: string;
  accountId: string;
  /** Most invocations running at once; others wait in order. Default: the CPU count, at least 2. */
  concurrency?: number;
  /** Function timeout in seconds for every function (default 3, as Lambda's). */
  timeoutSeconds?: number;
  /** Timeouts in seconds of particular functions, by name. */
  functionTimeouts?: Readonly<Record<string, number>>;
  memoryLimitInMB?: number;
  /** The environment functions see (the CLI passes its own); Lambda's AWS_LAMBDA_* variables are added. */
  environment?: Readonly<Record<string, string | undefined>>;
  /** Each line a function writes to stdout or stderr. */
  onLog?: (functionName: string, line: string) => void;
  /** How long an idle worker process stays warm. Default 5 minutes. */
  idleMillis?: number;
}

export interface LocalFunctions {
  resolve: FunctionResolver;
  /** Ends every worker process. Invocations still running fail as if their runtime had exited. */
  close(): void;
}

interface IdleWorker {
  name: string;
  version: string;
  worker: FunctionProcess;
  timer: NodeJS.Timeout;
}

const lambdaDefaultTimeoutSeconds = 3;

export function localFunctions(options: LocalFunctionsOptions): LocalFunctions {
  const pool = new FunctionPool(options);
  return {
    resolve: (name) => {
      const source = findFunction(options.dir, name);
      return source === undefined ? undefined : pool.function(name, source);
    },
    close: () => {
      pool.close();
    },
  };
}

class FunctionPool {
  private readonly limit: ConcurrencyLimit;
  private readonly idle: IdleWorker[] = [];
  private readonly busy = new Set<FunctionProcess>();

  constructor(private readonly options: LocalFunctionsOptions) {
    this.limit = new ConcurrencyLimit(options.concurrency ?? Math.max(2, availableParallelism()));
  }

  function(name: string, source: FunctionSource): LambdaFunction {
    const config = this.configuration(name);
    return {
      invoke: async (event, requestId, invokeOptions): Promise<LambdaOutcome> => {
        const started = performance.now();
        const signal = invokeOptions?.signal;
        const release = await this.limit.acquire(signal);
        try {
          const outcome = await this.run(config, source, event, requestId, invokeOptions ?? {});
          return { ...outcome, durationSeconds: (performance.now() - started) / 1000 };
        } finally {
          release();
        }
      },
    };
  }

  close(): void {
    for (const entry of this.idle.splice(0)) {
      clearTimeout(entry.timer);
      entry.worker.kill();
    }
    for (const worker of this.busy) worker.kill();
  }

  private async run(
    config: FunctionConfiguration,
    source: FunctionSource,
    event: string,
    requestId: string,
    { signal, trace }: InvokeOptions,
  ): Promise<LambdaOutcome> {
    const environment = this.environment(config);
    const onLog = this.logger(config.name);
    if (source.kind === 'executable') {
      const timeoutMillis = config.timeoutMillis;
      const withRequest = { ...environment, AWS_LAMBDA_REQUEST_ID: requestId, ...traceEnvironment(trace) };
      return runExecutable({
        file: source.file,
        event,
        requestId,
        timeoutMillis,
        environment: withRequest,
        onLog,
        signal,
      });
    }
    const worker = this.take(config.name, source.version) ?? this.start(source, environment, onLog);
    if (!(worker instanceof FunctionProcess)) return worker;
    this.busy.add(worker);
    try {
      const context = contextFields(config, requestId, new Date(), trace);
      return await worker.invoke(event, context, config.timeoutMillis, signal);
    } finally {
      this.busy.delete(worker);
      if (worker.usable) this.park(config.name, source.version, worker);
    }
  }

  /** A new worker: Node for a module, the Python interpreter on PATH for `NAME.py` (its folder as the cwd). */
  private start(
    source: FunctionSource,
    environment: Record<string, string>,
    onLog: ((line: string) => void) | undefined,
  ): FunctionProcess | LambdaOutcome {
    const base = { file: source.file, environment, ...(onLog === undefined ? {} : { onLog }) };
    if (source.kind !== 'python') return new FunctionProcess(base);
    const command = pythonWorkerCommand('python3', environment.PATH ?? '');
    if (command === undefined) return errorOutcome('Runtime.InvalidEntrypoint', missingInterpreter('python3'));
    return new FunctionProcess({ ...base, command, cwd: this.options.dir });
  }

  /** An idle warm worker of this version; idle workers of older versions of the function are ended. */
  private take(name: string, version: string): FunctionProcess | undefined {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const entry = this.idle[i];
      if (entry === undefined || entry.name !== name) continue;
      if (entry.version === version && entry.worker.usable) {
        this.idle.splice(i, 1);
        clearTimeout(entry.timer);
        return entry.worker;
      }
      if (entry.version !== version || !entry.worker.usable) this.evict(i);
    }
    // A new process is about to start: keep running plus idle processes within the limit.
    while (this.idle.length > 0 && this.idle.length + this.limit.active > this.limit.limit) this.evict(0);
    return undefined;
  }

  private park(name: string, version: string, worker: FunctionProcess): void {
    worker.release();
    const timer = setTimeout(() => {
      const index = this.idle.findIndex((entry) => entry.worker === worker);
      if (index >= 0) this.evict(index);
    }, this.options.idleMillis ?? 300_000);
    timer.unref();
    this.idle.push({ name, version, worker, timer });
  }

  private evict(index: number): void {
    const [entry] = this.idle.splice(index, 1);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    entry.worker.kill();
  }

  private configuration(name: string): FunctionConfiguration {
    const seconds = this.options.functionTimeouts?.[name] ?? this.options.timeoutSeconds ?? lambdaDefaultTimeoutSeconds;
    return {
      name,
      arn: `arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${name}`,
      timeoutMillis: Math.round(seconds * 1000),
      memoryLimitInMB: this.options.memoryLimitInMB ?? 128,
    };
  }

  private environment(config: FunctionConfiguration): Record<string, string> {
    const base: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.options.environment ?? {})) {
      if (value !== undefined) base[key] = value;
    }
    return { ...base, ...lambdaEnvironment(config, this.options.region) };
  }

  private logger(name: string): ((line: string) => void) | undefined {
    const onLog = this.options.onLog;
    return onLog === undefined
      ? undefined
      : (line) => {
          onLog(name, line);
        };
  }
}
