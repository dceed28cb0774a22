// A case's local code, as `serve --load` and `serve --functions` give a server theirs: template files loaded
// through the loader `serve` runs (its machines, activities, functions and triggers put through the case's
// Stepwise), and a local functions folder whose Lambda Tasks run in the real Node or Python workers.

import { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { TaskInvocation } from '@stepwise/core';
import {
  ApiError,
  createLoader,
  createTaskExecutor,
  createTemplateApi,
  DefinedFunctions,
  isLambdaResource,
  type ExecuteOptions,
  type Stepwise,
  type StepwiseOptions,
  type Store,
  type TaskExecutor,
  type TaskOutcome,
  type TemplateRecords,
} from 'stepwise';
import type { ConformanceCase } from './case.ts';
import type { CaseAwsEndpoint } from './case-aws-endpoint.ts';
import { caseAccount, caseRegion, caseTaskOutcomes } from './case-tasks.ts';

/** The case format's `server` fields of local code (see CaseServerOptions). */
export interface LocalCodeOptions {
  /** `serve --load`: template files, named relative to the case's file, loaded before the case's first call. */
  templates?: string[];
  /** `serve --functions`: a folder of local functions, named relative to the case's file. */
  functions?: string;
}

type Perform = (invocation: TaskInvocation, options?: ExecuteOptions) => Promise<TaskOutcome>;

export interface CaseLocalCode {
  /** The Task performer: Lambda Tasks to the template's functions, then the folder's; the rest to `others`. */
  tasks: (others: Perform) => { execute: Perform };
  /** Loads every template into `stepwise` over `store` (as `serve --load` does before it listens). */
  load: (stepwise: Stepwise, store: Store) => Promise<void>;
  /** A `Load` step: loads `template` again, its text first replaced by `from`'s; the lines the load reported. */
  reload: (template: string, from: string | undefined) => Promise<string[]>;
  /** The folder's absolute path, for `${functions}` in the case's expectations (stack trace frames). */
  functionsDir?: string;
  close: () => void;
}

/** The case's local code, or undefined when it declares none. */
export function caseLocalCode(c: ConformanceCase): CaseLocalCode | undefined {
  const { templates = [], functions } = c.server ?? {};
  if (templates.length === 0 && functions === undefined) return undefined;
  const caseDir = dirname(resolve(c.file ?? '.'));
  const copies = templateCopies(c, caseDir, templates);
  const functionsDir = functions === undefined ? undefined : join(caseDir, functions);
  const { defined, executor } = caseFunctions(functionsDir);
  const lines: string[] = [];
  let loader: ReturnType<typeof createLoader> | undefined;
  const pathOf = (name: string): string => join(copies, basename(name));
  return {
    tasks: (others) => ({
      execute: (invocation, options) =>
        isLambdaResource(invocation.resource) ? executor.execute(invocation, options) : others(invocation, options),
    }),
    load: async (stepwise, store) => {
      loader = createLoader(loaderOptions(stepwise, store, defined, lines));
      for (const name of templates) await loader.load(pathOf(name));
    },
    reload: async (template, from) => {
      if (loader === undefined || !templates.includes(template))
        throw new Error(`Load: ${template} is not one of the case's server.templates`);
      if (from !== undefined) copyFileSync(join(caseDir, from), pathOf(template));
      lines.length = 0;
      await loader.load(pathOf(template));
      return lines.map((line) => line.replaceAll(`${copies}/`, ''));
    },
    ...(functionsDir === undefined ? {} : { functionsDir }),
    close: () => {
      executor.close();
      defined.close();
      rmSync(copies, { recursive: true, force: true });
    },
  };
}

/** As `serve` performs Lambda Tasks: the functions templates declare, then the functions folder's. */
function caseFunctions(functionsDir: string | undefined): { defined: DefinedFunctions; executor: TaskExecutor } {
  // As `serve` starts them: with its environment (python3 is found on its PATH). What they print is no case's.
  const scope = { region: caseRegion, accountId: caseAccount, environment: process.env };
  const defined = new DefinedFunctions({ ...scope, onLog: () => undefined });
  const executor = createTaskExecutor({
    ...scope,
    definedFunctions: defined.resolve,
    onLog: () => undefined,
    ...(functionsDir === undefined ? {} : { functionsDir }),
  });
  return { defined, executor };
}

/**
 * Copies of the templates, so that a `Load` step can change one without touching the case's files, beside
 * links to the case's other files (`<case id>.*`), which the templates name by relative paths (CodeUri).
 */
function templateCopies(c: ConformanceCase, caseDir: string, templates: readonly string[]): string {
  const copies = mkdtempSync(join(tmpdir(), 'stepwise-case-templates-'));
  for (const name of templates) copyFileSync(join(caseDir, name), join(copies, basename(name)));
  for (const name of readdirSync(caseDir)) {
    if (name.startsWith(`${c.id}.`) && !templates.includes(name)) symlinkSync(join(caseDir, name), join(copies, name));
  }
  return copies;
}

/**
 * The createStepwise options of a case with local code or an AWS endpoint (case-aws-endpoint.ts): Lambda Tasks
 * to its functions, the AWS integrations and `.sync` jobs to its endpoint, the rest as any case's; none without.
 */
export function localOptions(
  c: ConformanceCase,
  base: Pick<StepwiseOptions, 'runtime'>,
  local: CaseLocalCode | undefined,
  aws: CaseAwsEndpoint | undefined,
): Pick<StepwiseOptions, 'tasks' | 'runtime'> | Record<string, never> {
  if (local === undefined && aws === undefined) return {};
  let execute: Perform = caseTaskOutcomes(c);
  if (aws !== undefined) execute = aws.tasks(execute).execute;
  if (local !== undefined) execute = local.tasks(execute).execute;
  return { tasks: { execute }, ...(aws === undefined ? {} : { runtime: { ...base.runtime, jobs: aws.jobs } }) };
}

/** The harness's values a case's steps may name: `${endpoint}` (case-endpoint.ts) and `${functions}`. */
export function given(endpoint: string | undefined, local: CaseLocalCode | undefined): Record<string, unknown> {
  return {
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(local?.functionsDir === undefined ? {} : { functions: local.functionsDir }),
  };
}

/** What `serve` gives its loader: the service, the trigger APIs, `Stepwise.*` over the store's records. */
function loaderOptions(stepwise: Stepwise, store: Store, functions: DefinedFunctions, lines: string[]) {
  const apis = stepwise.triggerApis?.(undefined);
  const records = recordsOf(store);
  const noRoutes = (): never => {
    throw new ApiError('ValidationException', 'the conformance harness serves no HTTP start routes');
  };
  const templateApi = createTemplateApi({
    records,
    routes: { list: () => [], add: noRoutes, remove: noRoutes },
    account: caseAccount,
  });
  const asRecord = (answer: unknown): Record<string, unknown> => answer as Record<string, unknown>;
  return {
    api: stepwise.api,
    functions,
    region: caseRegion,
    accountId: caseAccount,
    stepwise: async (operation: string, request: Record<string, unknown>) =>
      asRecord(await templateApi.call(operation, request, { requestId: 'load' })),
    io: { out: (text: string) => lines.push(text), err: (text: string) => lines.push(text) },
    ...(apis === undefined
      ? {}
      : {
          triggers: {
            events: async (operation: string, request: Record<string, unknown>) =>
              asRecord(await apis.events.call(operation, request)),
            scheduler: handlerCall(apis.scheduler),
            pipes: handlerCall(apis.pipes),
          },
        }),
  };
}

function handlerCall(handlers: Record<string, (request: Record<string, unknown>) => Promise<object>>) {
  return async (operation: string, request: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
    if (handler === undefined) throw new Error(`no operation ${operation}`);
    return (await handler(request)) as Record<string, unknown>;
  };
}

/** The store's records of which template made what (both stores keep them on their own database). */
function recordsOf(store: Store): TemplateRecords {
  const withRecords = store as Store & { templateRecords?: () => TemplateRecords };
  if (withRecords.templateRecords === undefined) throw new Error('this store keeps no template records');
  return withRecords.templateRecords();
}
