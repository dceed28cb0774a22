// `serve --retention-days N`: how long finished executions are kept (AWS: 90 days).

import type { Logger } from 'pino';
import { awsRetentionDays, ExecutionRetention } from '../runtime/execution-retention.ts';
import type { Store } from '../store/store.ts';
import { UsageError } from './args.ts';

export const retentionOptionNames = ['retention-days'];

/** The retention in days; fractions are accepted (a test keeps executions for seconds). */
export function retentionDaysFrom(value: string | undefined): number {
  if (value === undefined) return awsRetentionDays;
  const days = Number(value);
  if (value.trim() === '' || !Number.isFinite(days) || days <= 0) {
    throw new UsageError(
      `--retention-days must be a positive number of days (AWS keeps ${awsRetentionDays}): ${value}`,
    );
  }
  return days;
}

/** The background sweep of `serve`, which logs what it deleted and what failed. */
export function startExecutionRetention(store: Store, retentionDays: number, log: Logger): ExecutionRetention {
  const retention = new ExecutionRetention({
    store,
    retentionDays,
    now: () => Date.now(),
    onExpired: (count) => {
      log.info({ count, retentionDays }, 'finished executions past retention deleted');
    },
    onError: (error) => {
      log.warn({ err: error }, 'execution retention sweep failed; the next sweep tries again');
    },
  });
  retention.start();
  return retention;
}
