// Functions declared in infrastructure code (a CDK or SAM template) rather than found by file name: each
// has its code folder, `Handler` (module.function), Runtime (nodejs* in a Node worker, python3.* in a
// Python worker), environment, Timeout and memory. Warm workers are reused serially, one process per call
// in flight; a redefined function's idle workers end.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionResolver, InvokeOptions, LambdaFunction, LambdaOutcome } from '../tasks/lambda.ts';
import { FunctionProcess } from './function-process.ts';
import { contextFields, lambdaEnvironment, type FunctionConfiguration } from './lambda-context.ts';
import { errorOutcome } from './lambda-errors.ts';
import { missingInterpreter, pythonWorkerCommand } from './python-runtime.ts';

export interface LocalFunctionDefinition {
  name: string;
  /** The function's code folder (Lambda's /var/task). */
  codeDir: string;
  /** `module.function`, the module a path relative to codeDir (`src/app.handler`). */
  handler: string;
  /** `nodejs20.x`, `python3.12`, ... */
  runtime: string;
  environment: Readonly<Record<string, string>>;
  timeoutSeconds?: number;
  memoryLimitInMB?: number;
}

export interface DefinedFunctionsOptions {
  region: string;
  accountId: string;
  /** The environment functions start from (credentials, endpoints); their own variables are added. */
  environment?: Readonly<Record<string, string | undefined>>;
  /** The Python interpreter for python3.* functions (default `python3` on PATH). */
  python?: string;
  onLog?: (functionName: string, line: string) => void;
}

const nodeExtensions = ['.js', '.mjs', '.cjs', '.ts'];

export class DefinedFunctions {
  private definitions = new Map<string, LocalFunctionDefinition>();
  private readonly idle = new Map<string, FunctionProcess[]>();
  private readonly busy = new Set<FunctionProcess>();

  constructor(private readonly options: DefinedFunctionsOptions) {}

  /** Replaces the set of functions; workers of a function whose definition changed are ended. */
  define(definitions: readonly LocalFunctionDefinition[]): void {
    const next = new Map(definitions.map((definition) => [definition.name, definition]));
    for (const [name, old] of this.definitions) {
      if (JSON.stringify(next.get(name)) !== JSON.stringify(old)) this.endIdle(name);
    }
    this.definitions = next;
  }

  readonly resolve: FunctionResolver = (name) => {
    const definition = this.definitions.get(name);
    return definition === undefined ? undefined : this.function(definition);
  };

  close(): void {
    for (const name of [...this.idle.keys()]) this.endIdle(name);
    for (const worker of this.busy) worker.kill();
  }

  private function(definition: LocalFunctionDefinition): LambdaFunction {
    return {
      invoke: async (event, requestId, invokeOptions): Promise<LambdaOutcome> => {
        const started = performance.now();
        const outcome = await this.run(definition, event, requestId, invokeOptions ?? {});
        return { ...outcome, durationSeconds: (performance.now() - started) / 1000 };
      },
    };
  }

  private async run(
    definition: LocalFunctionDefinition,
    event: string,
    requestId: string,
    { signal, trace }: InvokeOptions,
  ): Promise<LambdaOutcome> {
    const config = this.configuration(definition);
    const source = handlerSource(definition);
    if (!('file' in source)) return source;
    const key = `${definition.name}\n${source.version}`;
    const worker = this.idle.get(key)?.pop() ?? this.start(definition, config, source);
    if (!(worker instanceof FunctionProcess)) return worker;
    this.busy.add(worker);
    try {
      const context = contextFields(config, requestId, new Date(), trace);
      return await worker.invoke(event, context, config.timeoutMillis, signal);
    } finally {
      this.busy.delete(worker);
      if (worker.usable) {
        worker.release();
        this.idle.set(key, [...(this.idle.get(key) ?? []), worker]);
      }
    }
  }

  private start(
    definition: LocalFunctionDefinition,
    config: FunctionConfiguration,
    source: HandlerSource,
  ): FunctionProcess | LambdaOutcome {
    const python = definition.runtime.startsWith('python');
    const interpreter = this.options.python ?? 'python3';
    const command = python ? pythonWorkerCommand(interpreter, this.options.environment?.PATH ?? '') : undefined;
    if (python && command === undefined)
      return errorOutcome('Runtime.InvalidEntrypoint', missingInterpreter(interpreter));
    const onLog = this.options.onLog;
    return new FunctionProcess({
      file: source.file,
      handler: source.exportName,
      cwd: definition.codeDir,
      environment: this.environment(definition, config),
      // Lambda retries an Init that overran its 10 s within the first invocation, under the function's timeout.
      initTimeoutMillis: Math.max(10_000, config.timeoutMillis),
      ...(onLog === undefined
        ? {}
        : {
            onLog: (line: string) => {
              onLog(definition.name, line);
            },
          }),
      ...(command === undefined ? {} : { command }),
    });
  }

  private configuration(definition: LocalFunctionDefinition): FunctionConfiguration {
    const { region, accountId } = this.options;
    return {
      name: definition.name,
      arn: `arn:aws:lambda:${region}:${accountId}:function:${definition.name}`,
      timeoutMillis: Math.round((definition.timeoutSeconds ?? 3) * 1000),
      memoryLimitInMB: definition.memoryLimitInMB ?? 128,
    };
  }

  private environment(definition: LocalFunctionDefinition, config: FunctionConfiguration): Record<string, string> {
    const base: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.options.environment ?? {})) {
      if (value !== undefined) base[key] = value;
    }
    return {
      ...base,
      ...definition.environment,
      ...lambdaEnvironment(config, this.options.region),
      AWS_EXECUTION_ENV: `AWS_Lambda_${definition.runtime}`,
      LAMBDA_TASK_ROOT: definition.codeDir,
    };
  }

  private endIdle(name: string): void {
    for (const [key, workers] of this.idle) {
      if (!key.startsWith(`${name}\n`)) continue;
      for (const worker of workers) worker.kill();
      this.idle.delete(key);
    }
  }
}

interface HandlerSource {
  file: string;
  exportName: string;
  /** A digest of the handler's file: an edited file starts fresh workers. */
  version: string;
}

/** `src/app.handler` → the file `src/app.py` (or .js, .mjs, .cjs, .ts) in the code folder and `handler`. */
function handlerSource(definition: LocalFunctionDefinition): HandlerSource | LambdaOutcome {
  const dot = definition.handler.lastIndexOf('.');
  if (dot <= 0) {
    return errorOutcome('Runtime.MalformedHandlerName', `Bad handler '${definition.handler}': not module.function`);
  }
  const module = definition.handler.slice(0, dot);
  const extensions = definition.runtime.startsWith('python') ? ['.py'] : nodeExtensions;
  const exportName = definition.handler.slice(dot + 1);
  for (const extension of extensions) {
    const file = join(definition.codeDir, module.replaceAll('.', '/') + extension);
    if (existsSync(file)) {
      return { file, exportName, version: createHash('sha1').update(readFileSync(file)).digest('hex') };
    }
  }
  const tried = extensions.map((extension) => module + extension).join(', ');
  return errorOutcome(
    'Runtime.ImportModuleError',
    `Unable to import module '${module}': no ${tried} in ${definition.codeDir}`,
  );
}
