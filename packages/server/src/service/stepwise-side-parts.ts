// What the composition root adds beside the Step Functions service, each when its option was given: the
// trigger APIs, CloudWatch Logs' API and execution retention; and, with `background` (`serve`), the work
// that runs on its own once started: the trigger workers and the retention sweeps of executions and logs.

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ExecutionRetention } from '../runtime/execution-retention.ts';
import type { LogStore } from '../store/log-store.ts';
import { triggerApisOver } from './account-trigger-apis.ts';
import type { StepFunctionsApi } from './api.ts';
import { accountLogsService } from './cloudwatch-logs/account-log-groups.ts';
import { RetentionSweeper } from './cloudwatch-logs/retention.ts';
import type { Stepwise, StepwiseOptions } from './stepwise-options.ts';
import type { StepwiseScope } from './stepwise-wiring.ts';
import { triggerWorkers, type TriggerWorkers } from './trigger-workers.ts';

type SideApis = Pick<Stepwise, 'triggerApis' | 'logsApi' | 'retention' | 'triggerWorkers'>;

export interface SideParts {
  parts: SideApis;
  /** Sets the background work going (nothing without `background`). */
  start(): void;
  /** Stops it: the triggers first, then the sweeps. */
  close(): Promise<void>;
}

export function sideParts(options: StepwiseOptions, api: StepFunctionsApi, scope: StepwiseScope): SideParts {
  const background = options.background;
  const workers = startedTriggers(options, api, scope);
  const retention = executionRetention(options, scope.now, background?.log);
  const logSweep =
    background === undefined || options.logs === undefined ? undefined : logRetention(options.logs, scope.now);
  return {
    parts: {
      ...triggerApis(options, scope, workers),
      ...(options.logs === undefined ? {} : { logsApi: accountLogsService({ logs: options.logs, ...scope }) }),
      ...(retention === undefined ? {} : { retention }),
    },
    start: () => {
      if (background === undefined) return;
      workers?.start();
      retention?.start();
      logSweep?.start();
    },
    close: async () => {
      if (background === undefined) return;
      await workers?.close();
      await retention?.stop();
      logSweep?.stop();
    },
  };
}

/** The triggers' APIs: the workers' (whose changes wake them) with `background`, else the bare store's. */
function triggerApis(options: StepwiseOptions, scope: StepwiseScope, workers: TriggerWorkers | undefined): SideApis {
  if (workers !== undefined) return { triggerApis: workers.accountApis, triggerWorkers: workers };
  if (options.triggers === undefined) return {};
  return { triggerApis: triggerApisOver(options.triggers, { ...scope, uuid: options.uuid ?? randomUUID }) };
}

function startedTriggers(options: StepwiseOptions, api: StepFunctionsApi, scope: StepwiseScope) {
  const settings = options.background;
  if (settings === undefined || options.triggers === undefined) return undefined;
  const { region, accountId } = scope;
  return triggerWorkers({
    ...settings.triggers,
    log: settings.log,
    triggers: options.triggers,
    api,
    region,
    accountId,
  });
}

/** Deletes executions past `retentionDays`; with a log, its sweep reports what it deleted and what failed. */
function executionRetention(
  options: StepwiseOptions,
  now: () => number,
  log: Logger | undefined,
): ExecutionRetention | undefined {
  const { store, retentionDays } = options;
  if (retentionDays === undefined) return undefined;
  return new ExecutionRetention({
    ...{ store, retentionDays, now },
    ...(log === undefined
      ? {}
      : {
          onExpired: (count: number) => {
            log.info({ count, retentionDays }, 'finished executions past retention deleted');
          },
          onError: (error: unknown) => {
            log.warn({ err: error }, 'execution retention sweep failed; the next sweep tries again');
          },
        }),
  });
}

/** Log groups' retention (PutRetentionPolicy), swept in the background. */
function logRetention(logs: LogStore, now: () => number): RetentionSweeper {
  return new RetentionSweeper({ logs, now });
}
