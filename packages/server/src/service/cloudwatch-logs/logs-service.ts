// The CloudWatch Logs API subset Stepwise serves on its own port (AWS JSON 1.1,
// `X-Amz-Target: Logs_20140328.<Operation>`), so that `aws logs …` and the SDKs read execution logs.

import type { CallContext } from '../api.ts';
import { ApiError } from '../errors.ts';
import { validateRequest } from '../validate-request.ts';
import { logEventHandlers } from './log-events.ts';
import { logGroupHandlers } from './log-groups.ts';
import type { LogsDeps, LogsHandler } from './logs-context.ts';
import { isLogsOperation, logsShapes } from './logs-shapes.ts';

export type { LogsDeps } from './logs-context.ts';

/** An AWS JSON API reached by its X-Amz-Target prefix (the HTTP edge dispatches on it). */
export interface TargetApi {
  targetPrefix: string;
  /** The SigV4 signing name (service) its requests are authorised under. */
  signingName: string;
  contentType: string;
  call(operation: string, body: unknown, ctx: CallContext): Promise<object>;
}

export function createLogsService(deps: LogsDeps): TargetApi {
  const handlers: Record<string, LogsHandler> = { ...logGroupHandlers(deps), ...logEventHandlers(deps) };
  return {
    targetPrefix: 'Logs_20140328.',
    signingName: 'logs',
    contentType: 'application/x-amz-json-1.1',
    call: async (operation, body) => {
      const handler = handlers[operation];
      if (!isLogsOperation(operation) || handler === undefined) {
        throw new ApiError('UnknownOperationException', `Logs_20140328.${operation} is not supported by Stepwise`);
      }
      return handler(validateRequest(body, logsShapes[operation]));
    },
  };
}
