// `serve --retention-days N`: how long finished executions are kept (AWS: 90 days).

import { awsRetentionDays } from '../runtime/execution-retention.ts';
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
