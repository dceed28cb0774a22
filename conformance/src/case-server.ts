// What a case's server is given beyond the store and clock, the same for every target (in process and
// `http`), as `serve`'s options would give it: the runtime's settings, the trigger APIs, retention, and
// execution logs with CloudWatch Logs' API when the case asks (`server.executionLogs`).

import {
  openSqliteStore,
  storageFaultOf,
  type ExecutionTracer,
  type Store,
  type StepwiseOptions,
  type TriggerStore,
} from 'stepwise';
import type { ConformanceCase } from './case.ts';
import { caseRuntimeOptions } from './case-tasks.ts';

type CaseOptions = Pick<
  StepwiseOptions,
  'runtime' | 'triggers' | 'retentionDays' | 'logs' | 'executionLogs' | 'isolateAccounts' | 'intercept'
>;

/** The trigger tables on the store's own database (both stores keep them there). */
export function triggersOf(store: Store): TriggerStore {
  const withTriggers = store as Store & { triggers?: () => TriggerStore };
  if (withTriggers.triggers === undefined) throw new Error('this store keeps no triggers');
  return withTriggers.triggers();
}

/**
 * The case's options for createStepwise over `store`, and what to close after the case's Stepwise closed.
 * `tracer`: serve's tracer of the case's collector (`server.otlp`), outermost around the Tasks as in serve.
 */
export function caseServerOptions(
  c: ConformanceCase,
  store: Store,
  tracer?: ExecutionTracer,
): { options: CaseOptions; release(): Promise<void> } {
  const options: CaseOptions = {
    runtime: { ...caseRuntimeOptions(c), ...(tracer === undefined ? {} : { onCommitted: tracer.observe }) },
    triggers: triggersOf(store),
    ...(tracer === undefined ? {} : { intercept: (tasks) => tracer.wrap(tasks) }),
  };
  if (c.server?.retentionDays !== undefined) options.retentionDays = c.server.retentionDays;
  // As `serve --auth` with keys of several accounts: each account sees its own resources only.
  if (new Set(c.server?.auth?.keys.map((key) => key.account)).size > 1) options.isolateAccounts = true;
  if (c.server?.executionLogs !== true) return { options, release: () => Promise.resolve() };
  // A SQLite store keeps the log tables itself (as `serve` does); the PostgreSQL targets' logs are kept in an
  // in-memory SQLite store for the case (serve's PostgreSQL log store is its own module, not under test here).
  const own = 'createLogGroup' in store ? undefined : openSqliteStore({ file: ':memory:' });
  options.logs = own ?? (store as unknown as NonNullable<CaseOptions['logs']>);
  options.executionLogs = { streamSuffix: '5e1f0c0d' };
  return { options, release: async () => own?.close() };
}

/** Where a case's refusing store says it keeps its data (a file, as SQLite's faults name theirs). */
export const refusingStoreName = 'conformance.sqlite';

/**
 * The case's store: `store` itself, or (`server.storeRefuses`) a view of it whose named methods fail with
 * the storage fault a disk with that code gives, as the stores raise it; everything else goes to `store`.
 */
export function caseStore(c: ConformanceCase, store: Store): Store {
  const refuses = c.server?.storeRefuses;
  if (refuses === undefined) return store;
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && refuses.methods.includes(property)) {
        return () =>
          Promise.reject(storageFaultOf({ code: refuses.code }, refusingStoreName) ?? new Error(refuses.code));
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}
