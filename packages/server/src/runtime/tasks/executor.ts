// The one entry point through which a runtime performs a Task: `stepwise run` and the durable runtime
// both call `execute(invocation, { signal })`. Lambda resources go to local functions; other integrations
// plug in as handlers. `.waitForTaskToken` tasks report that they now wait for their callback.

import { parseResource, type JsonValue, type TaskInvocation, type TaskResult } from '@stepwise/core';
import { localFunctions, type LocalFunctions, type LocalFunctionsOptions } from '../functions/local-functions.ts';
import type { MapRunItemRecord } from '../../store/map-run-store.ts';
import type { TraceContext } from '../tracing/trace-context.ts';
import { invokeLambdaTask, isLambdaResource, type FunctionResolver } from './lambda.ts';

/**
 * What performing a task produced: its result, or (for `.waitForTaskToken` and `.sync`) the news that
 * the work was handed over and the task now waits for its callback or job; `output` is the
 * integration's response, recorded as TaskSubmitted.
 */
export type TaskOutcome =
  | TaskResult
  | { waitingForCallback: true; output?: string; durationSeconds?: number }
  /** The task's progress reaches its execution another way (a child execution's first step tells it). */
  | { handedOver: true }
  /** A `.sync` job started: `submitted` is the start call's response, `handle` what polling the job needs. */
  | { jobStarted: { submitted: string; handle: JsonValue } };

export interface ExecuteOptions {
  /** Aborting stops the work (a running function's process is killed); `execute` then rejects. */
  signal?: AbortSignal;
  /** The execution whose Task this is (a nested execution remembers it as its parent; mocks chosen per execution
   * need it). */
  executionArn?: string;
  /** The task's span, when its execution is traced: passed on to the callee (Lambda, HTTP, child execution). */
  trace?: TraceContext;
  /** A map run's children in pages, for a ResultWriter whose results stayed in the store. */
  mapRunItems?: MapRunItems;
}

/** Up to `limit` children of the run after index `after` (-1: from the first), in item order. */
export type MapRunItems = (mapRunArn: string, after: number, limit: number) => Promise<MapRunItemRecord[]>;

/** Performs the resources it recognises. Handlers are tried in order, before Lambda. */
export interface TaskHandler {
  handles(resource: string): boolean;
  execute(invocation: TaskInvocation, options: ExecuteOptions): Promise<TaskOutcome>;
}

export interface TaskExecutor {
  execute(invocation: TaskInvocation, options?: ExecuteOptions): Promise<TaskOutcome>;
  /** Ends the function worker processes. */
  close(): void;
}

export interface TaskExecutorOptions extends Omit<LocalFunctionsOptions, 'dir'> {
  /** The local functions folder; without it every Lambda task finds no function. */
  functionsDir?: string;
  handlers?: readonly TaskHandler[];
  /** Functions declared by infrastructure code (`serve --load`): tried before the functions folder. */
  definedFunctions?: FunctionResolver;
  /** Lambda functions elsewhere (on AWS), for names no local function answers. */
  remoteFunctions?: FunctionResolver;
}

export const waitForTaskTokenSuffix = '.waitForTaskToken';

export function createTaskExecutor(options: TaskExecutorOptions): TaskExecutor {
  const functions: LocalFunctions | undefined =
    options.functionsDir === undefined ? undefined : localFunctions({ ...options, dir: options.functionsDir });
  const target = { region: options.region, accountId: options.accountId };
  const resolve: FunctionResolver = (name) =>
    options.definedFunctions?.(name) ?? functions?.resolve(name) ?? options.remoteFunctions?.(name);
  const handlers = options.handlers ?? [];
  return {
    execute: async (invocation, executeOptions = {}) => {
      const handler = handlers.find((candidate) => candidate.handles(invocation.resource));
      if (handler !== undefined) return handler.execute(invocation, executeOptions);
      if (!isLambdaResource(invocation.resource)) return unsupported(invocation.resource);
      const callback = parseResource(invocation.resource).pattern === 'callback';
      const resource = callback ? invocation.resource.slice(0, -waitForTaskTokenSuffix.length) : invocation.resource;
      const result = await invokeLambdaTask({ ...invocation, resource }, resolve, target, executeOptions);
      if (callback && 'output' in result) {
        return { waitingForCallback: true, output: result.output, durationSeconds: result.durationSeconds };
      }
      return result;
    },
    close: () => {
      functions?.close();
    },
  };
}

function unsupported(resource: string): TaskResult {
  return {
    error: 'States.TaskFailed',
    cause: `Stepwise cannot perform the resource ${resource}: it is neither a Lambda function, an HTTP Task nor an AWS service integration it knows`,
  };
}
