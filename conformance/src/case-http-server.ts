// The server an in-process target lends a case's `HTTP` steps: `listen` (serve's router) over the case's
// Stepwise and its side services, on a free port of 127.0.0.1, started only for a case that has such steps.
// While a request is in flight, the Express runtime runs in virtual time (a sync route's execution).

import { listen, runInVirtualTime, type ManualClock, type RunningServer, type Stepwise } from 'stepwise';
import type { ApiAnswer, ApiCall, CallSigner } from './api-calls.ts';
import type { CaseSideServices } from './case-side-services.ts';
import { plainHttpCall, type PlainHttpRequest } from './plain-http.ts';

const twoYearsMillis = 2 * 365 * 24 * 3600 * 1000;

/** Runs `run` with a server for the case's HTTP steps (none when it has none), closed after. */
export async function withCaseHttpServer<T>(
  calls: readonly ApiCall[],
  parts: { stepwise: Stepwise; side: CaseSideServices },
  run: (server: RunningServer | undefined) => Promise<T>,
): Promise<T> {
  if (!calls.some((call) => call.call === 'HTTP')) return run(undefined);
  const { services, console } = parts.side;
  const server = await listen({ api: parts.stepwise.api, host: '127.0.0.1', port: 0, services, console });
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

/** Sends an `HTTP` step to `url`, moving the Express runtime's clock until it is answered. */
export async function caseHttpCall(
  url: string | undefined,
  request: PlainHttpRequest,
  express: { runtime: Stepwise['runtime']['express']; clock: ManualClock },
  signer?: CallSigner,
): Promise<ApiAnswer> {
  if (url === undefined) throw new Error('the case has no server for HTTP steps');
  const progress = { answered: false };
  const call = plainHttpCall(url, request, signer).finally(() => (progress.answered = true));
  const horizon = express.clock.now() + twoYearsMillis;
  while (!progress.answered) {
    await runInVirtualTime(express.runtime, express.clock, { until: () => progress.answered, horizon });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return call;
}
