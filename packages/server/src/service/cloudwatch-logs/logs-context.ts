// What the CloudWatch Logs operations share: their dependencies, AWS's not-found errors, and the log
// group a request names (by logGroupName or by logGroupIdentifier, a name or an ARN).

import type { LogStore } from '../../store/log-store.ts';
import { ApiError } from '../errors.ts';

export interface LogsDeps {
  logs: LogStore;
  region: string;
  accountId: string;
  /** Epoch milliseconds. */
  now: () => number;
}

export type LogsHandler = (request: Record<string, unknown>) => Promise<object>;

export function groupNotFound(): ApiError {
  return new ApiError('ResourceNotFoundException', 'The specified log group does not exist.');
}

export function streamNotFound(): ApiError {
  return new ApiError('ResourceNotFoundException', 'The specified log stream does not exist.');
}

/** The group a request names; exactly one of logGroupName and logGroupIdentifier, as AWS requires. */
export function requestedGroup(request: Record<string, unknown>): string {
  const { logGroupName, logGroupIdentifier } = request as { logGroupName?: string; logGroupIdentifier?: string };
  if ((logGroupName === undefined) === (logGroupIdentifier === undefined)) {
    throw new ApiError('InvalidParameterException', 'Exactly one of logGroupName and logGroupIdentifier must be given');
  }
  if (logGroupName !== undefined) return logGroupName;
  const arn = /^arn:aws[a-z-]*:logs:[^:]*:\d{12}:log-group:([^:]+)(?::\*)?$/.exec(logGroupIdentifier ?? '');
  return arn?.[1] ?? logGroupIdentifier ?? '';
}

export function groupArn(deps: LogsDeps, name: string): string {
  return `arn:aws:logs:${deps.region}:${deps.accountId}:log-group:${name}`;
}
