// GET /console/api/metrics: the console's metrics page data (see service/metrics/execution-stats.ts), for one
// state machine (`stateMachineArn`) or every Standard machine of the session's account, over `hours`.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { StepFunctionsApi } from '../service/api.ts';
import type { ExecutionMinutesStore } from '../store/execution-minutes.ts';
import { executionStats } from '../service/metrics/execution-stats.ts';
import { renderError } from './protocol.ts';

export const consoleMetricsPath = '/console/api/metrics';

/** `now`: the clock the window ends at (the server's; a harness on a virtual clock gives its own). */
export function consoleMetricsRoute(
  api: StepFunctionsApi,
  log: Logger,
  minutes?: ExecutionMinutesStore,
  now: () => number = Date.now,
) {
  return (_req: IncomingMessage, res: ServerResponse, params: URLSearchParams): void => {
    const machine = params.get('stateMachineArn');
    const request = {
      ...(machine === null || machine === '' ? {} : { stateMachineArn: machine }),
      now: now(),
      hours: Number(params.get('hours') ?? '1'),
      buckets: Number(params.get('buckets') ?? '60'),
    };
    const requestId = randomUUID();
    executionStats(api, { requestId }, request, minutes).then(
      (stats) => {
        send(res, 200, JSON.stringify(stats));
      },
      (error: unknown) => {
        const { status, body } = renderError(error);
        if (status >= 500) log.error({ err: error }, 'console metrics failed');
        send(res, status, body);
      },
    );
  };
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
