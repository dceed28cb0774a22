// A state machine's LoggingConfiguration, checked as AWS checks it (InvalidLoggingConfiguration) and
// completed with AWS's defaults (level OFF, includeExecutionData false), and the log group it names.

import type { JsonValue } from '@stepwise/core';
import type { LogStore } from '../store/log-store.ts';
import { accountOfArn } from './arns.ts';
import { ApiError } from './errors.ts';

export type LogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

export interface LoggingConfiguration {
  level: LogLevel;
  includeExecutionData: boolean;
  destinations?: { cloudWatchLogsLogGroup: { logGroupArn: string } }[];
}

/** `arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*`: AWS asks for the `:*` ending. */
const logGroupArnPattern = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([.\-_/#A-Za-z0-9]{1,512}):\*$/;

function invalid(reason: string): ApiError {
  return new ApiError('InvalidLoggingConfiguration', `Invalid Logging Configuration: ${reason}`);
}

/** The log group name of a destination ARN, or undefined when the ARN is not a log group's. */
export function logGroupNameOf(logGroupArn: string): string | undefined {
  return logGroupArnPattern.exec(logGroupArn)?.[1];
}

/**
 * The configuration as AWS stores and returns it. With a level other than OFF there must be exactly one
 * destination, a log group ARN of a group that exists (when `logs` is given to look it up), of `logsAccount`
 * when given.
 */
export async function checkLoggingConfiguration(
  value: unknown,
  logs?: LogStore,
  logsAccount?: string,
): Promise<JsonValue> {
  const request = value as { level?: LogLevel; includeExecutionData?: boolean; destinations?: unknown[] };
  const level = request.level ?? 'OFF';
  const destinations = request.destinations ?? [];
  if (destinations.length > 1 || (level !== 'OFF' && destinations.length === 0)) {
    throw invalid('Must specify exactly one Log Destination.');
  }
  const config: LoggingConfiguration = { level, includeExecutionData: request.includeExecutionData ?? false };
  const [destination] = destinations as { cloudWatchLogsLogGroup?: { logGroupArn?: string } }[];
  if (destination !== undefined) {
    const arn = destination.cloudWatchLogsLogGroup?.logGroupArn;
    const name = arn === undefined ? undefined : logGroupNameOf(arn);
    if (arn === undefined || name === undefined) throw invalid('Must set valid CloudWatch Log Group ARN.');
    if (level !== 'OFF' && logs !== undefined && (await logs.getLogGroup(name)) === undefined) {
      throw invalid('Log Destination not found.');
    }
    // The log groups here are one account's: another account's group does not exist on this server.
    if (level !== 'OFF' && logsAccount !== undefined && accountOfArn(arn) !== logsAccount) {
      throw invalid('Log Destination not found.');
    }
    config.destinations = [{ cloudWatchLogsLogGroup: { logGroupArn: arn } }];
  }
  return config as unknown as JsonValue;
}

/** A stored configuration read back; anything unreadable is OFF (records from before validation). */
export function loggingConfigurationOf(value: JsonValue | undefined): LoggingConfiguration {
  const config = (value ?? {}) as Partial<LoggingConfiguration>;
  const level = config.level ?? 'OFF';
  const result: LoggingConfiguration = { level, includeExecutionData: config.includeExecutionData === true };
  if (Array.isArray(config.destinations)) result.destinations = config.destinations;
  return result;
}
