// What a route does with its input: StartExecution (200 with the execution's ARN and start date, as API
// Gateway's Step Functions integration answers) or, for a sync route, StartSyncExecution answered with the
// output (200), or with 502 (FAILED, ABORTED) or 504 (TIMED_OUT) and the error and cause.

import type { CallContext, StepFunctionsApi } from '../api.ts';
import { ApiError } from '../errors.ts';
import type { HttpRoute } from './route-definition.ts';

export interface RouteAnswer {
  status: number;
  /** JSON text. */
  body: string;
}

interface SyncEnd {
  executionArn: string;
  status: string;
  output?: string;
  error?: string;
  cause?: string;
}

const endStatus: Record<string, number> = { FAILED: 502, ABORTED: 502, TIMED_OUT: 504 };

/** Statuses of the Step Functions API's refusals; any other refusal is the route's target failing (502). */
const refusalStatus: Record<string, number> = {
  InvalidExecutionInput: 400,
  ValidationException: 400,
  ExecutionLimitExceeded: 429,
  ThrottlingException: 429,
  AccessDeniedException: 403,
};

function json(status: number, body: unknown): RouteAnswer {
  return { status, body: JSON.stringify(body) };
}

export async function runRoute(
  api: StepFunctionsApi,
  ctx: CallContext,
  route: HttpRoute,
  input: string,
): Promise<RouteAnswer> {
  const request = { stateMachineArn: route.stateMachineArn, input };
  try {
    if (!route.sync) {
      const started = (await api.call('StartExecution', request, ctx)) as { executionArn: string; startDate: Date };
      return json(200, { executionArn: started.executionArn, startDate: started.startDate.getTime() / 1000 });
    }
    const ended = (await api.call('StartSyncExecution', request, ctx)) as SyncEnd;
    if (ended.status === 'SUCCEEDED') return { status: 200, body: ended.output ?? 'null' };
    const { executionArn, status, error, cause } = ended;
    return json(endStatus[status] ?? 502, { executionArn, status, error, cause });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return json(refusalStatus[error.type] ?? 502, { message: error.message, type: error.type });
  }
}
