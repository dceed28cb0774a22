// `serve --load PATH` (repeatable): loads each path into the running server at start, and again whenever a
// file beside it changes (a new `cdk synth`, an edited template), mapping its functions to local code. Each load
// records what the template made and deletes what it made and no longer has (template-ownership.ts), so a
// restart with a smaller template removes the old template's leftovers too.

import { watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { statSync } from 'node:fs';
import type { DefinedFunctions } from '../runtime/functions/defined-functions.ts';
import type { StepFunctionsApi } from '../service/api.ts';
import type { OperationName } from '../service/request-shapes.ts';
import { applyPlan, type CallApi } from '../service/iac/apply-plan.ts';
import type { AppliedResource, TriggerApis } from '../service/iac/apply-triggers.ts';
import { settleOwnership } from '../service/iac/template-ownership.ts';
import { emptyPlan, type LoadPlan } from '../service/iac/load-plan.ts';
import { planPath, reportLines } from '../service/iac/load-report.ts';
import { TemplateError } from '../service/iac/template-file.ts';
import type { Logger } from 'pino';
import type { Io } from './io.ts';

export interface ServeLoadOptions {
  paths: readonly string[];
  api: StepFunctionsApi;
  functions: DefinedFunctions;
  /** The EventBridge and Scheduler APIs the template's rules and schedules are put through. */
  triggers?: TriggerApis;
  /** The `Stepwise.*` operations in process: the records of which template made what. */
  stepwise: CallApi;
  region: string;
  accountId: string;
  log: Logger;
  io: Io;
}

export interface Loader {
  close(): void;
}

/** Loads a path: applies its plan, reports each resource, then settles what the template owns (and removes). */
export interface PathLoader {
  load(path: string): Promise<void>;
}

/** The load `serve --load` runs at start and on each change (the conformance harness runs it too). */
export function createLoader(options: Omit<ServeLoadOptions, 'paths' | 'log'>): PathLoader {
  const call: CallApi = async (operation, request) =>
    (await options.api.call(operation as OperationName, request, { requestId: 'load' })) as Record<string, unknown>;
  const plans = new Map<string, LoadPlan>();
  const load = async (path: string): Promise<void> => {
    const before = plans.get(path);
    const read = readPlan(path, options);
    const plan = read ?? before ?? emptyPlan();
    plans.set(path, plan);
    options.functions.define([...plans.values()].flatMap((each) => each.functions));
    const result = await applyPlan(plan, call, options.triggers);
    for (const line of reportLines(plan, result)) options.io.out(`load ${path}: ${line}`);
    // A template that could not be read removes nothing: what it made stays until it reads again.
    if (read === undefined) return;
    const mapped = read.functions.map((fn): AppliedResource => ({
      kind: 'function',
      key: fn.name,
      logicalId: fn.logicalId,
      created: true,
    }));
    const apis = { states: call, triggers: options.triggers, stepwise: options.stepwise };
    const settled = await settleOwnership(path, read, [...result.applied, ...mapped], apis);
    for (const key of settled.removed) options.io.out(`load ${path}: removed ${key}, no longer in the template`);
    for (const problem of settled.problems)
      options.io.out(`load ${path}: not removed ${problem.logicalId}: ${problem.reason}`);
  };
  return { load };
}

/** Loads every path once (awaited), then watches them; `close` stops watching. */
export async function startLoading(options: ServeLoadOptions): Promise<Loader> {
  const loader = createLoader(options);
  for (const path of options.paths) await loader.load(path);
  const watchers = options.paths.map((path) => watchPath(path, () => loader.load(path), options.log));
  return {
    close: () => {
      for (const watcher of watchers) watcher.close();
    },
  };
}

/** The plan, or undefined after saying why the template cannot be read. */
function readPlan(path: string, options: Pick<ServeLoadOptions, 'region' | 'accountId' | 'io'>): LoadPlan | undefined {
  try {
    return planPath(path, { region: options.region, accountId: options.accountId });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    options.io.err(`stepwise: load ${path}: ${error.message}`);
    return undefined;
  }
}

/** Watches the folder of a template (or the cloud assembly): editors and `cdk synth` replace files. */
function watchPath(path: string, reload: () => Promise<void>, log: Logger): FSWatcher {
  const full = resolve(path);
  const dir = statSync(full).isDirectory() ? full : dirname(full);
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const watcher = watch(dir, () => {
    // A synth writes several files in a burst: one reload after it settles.
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(reload).catch((error: unknown) => {
        log.error({ err: error, path }, 'reloading failed');
      });
    }, 300);
  });
  watcher.on('close', () => {
    clearTimeout(timer);
  });
  return watcher;
}
