// The web console's side of the HTTP server: GET requests only. The live-update stream at
// /console/api/stream, and the built console's files (with index.html for its routes) everywhere else.
// The console calls the API itself like any client: POST / with AWS JSON 1.0.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { StepFunctionsApi } from '../service/api.ts';
import type { ExecutionMinutesStore } from '../store/execution-minutes.ts';
import { consoleAssets } from './console-assets.ts';
import { consoleMetricsPath, consoleMetricsRoute } from './console-metrics.ts';
import { ConsoleStreams, type ConsoleStreamOptions } from './console-stream.ts';

export const consoleStreamPath = '/console/api/stream';
/** What the console shows of the server's settings (the wait time scale in its header). */
export const consoleServerPath = '/console/api/server';

export interface ConsoleServerInfo {
  /** `serve --time-scale`: 1 unless the server shortens Waits and Retry back-offs. */
  waitTimeScale: number;
}

export interface ConsoleHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Ends the open live-update streams, so that a graceful shutdown does not wait for browsers. */
  close(): void;
}

export interface ConsoleHandlerOptions {
  api: StepFunctionsApi;
  log: Logger;
  /** The console's Vite build output (packages/console/dist). */
  distDir: string;
  pollMs?: number;
  /** The runtime's change signals, which feed the live stream (it polls without them). */
  changes?: ConsoleStreamOptions['changes'];
  serverInfo?: ConsoleServerInfo;
  /** The account a request's console session acts in (with --auth): its stream sees only that account. */
  accountOf?: (req: IncomingMessage) => string | undefined;
  /** The per-minute counts an Express machine's metrics page is computed from. */
  minutes?: ExecutionMinutesStore;
  /** The clock the metrics window ends at: the system's unless given (a harness on a virtual clock). */
  now?: () => number;
}

export function createConsoleHandler(options: ConsoleHandlerOptions): ConsoleHandler {
  const streams = accountStreams(options);
  const assets = consoleAssets(options.distDir);
  return {
    handle: (req, res) => {
      const url = new URL(req.url ?? '/', 'http://console');
      if (url.pathname === consoleStreamPath) {
        streams.of(options.accountOf?.(req)).handle(req, res, url.searchParams);
        return;
      }
      if (url.pathname === consoleMetricsPath) {
        const api = accountApi(options, options.accountOf?.(req));
        consoleMetricsRoute(api, options.log, options.minutes, options.now)(req, res, url.searchParams);
        return;
      }
      if (url.pathname === consoleServerPath) {
        const body = JSON.stringify(options.serverInfo ?? { waitTimeScale: 1 });
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(body);
        return;
      }
      assets(req, res).catch((error: unknown) => {
        options.log.error({ err: error, path: url.pathname }, 'console file failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    },
    close: () => {
      for (const each of streams.all()) each.close();
    },
  };
}

/** One set of streams per account, each calling the API as that account. */
function accountStreams(options: ConsoleHandlerOptions) {
  const byAccount = new Map<string | undefined, ConsoleStreams>();
  return {
    of: (account: string | undefined): ConsoleStreams => {
      let streams = byAccount.get(account);
      if (streams === undefined) {
        streams = new ConsoleStreams({ ...options, api: accountApi(options, account) });
        byAccount.set(account, streams);
      }
      return streams;
    },
    all: () => [...byAccount.values()],
  };
}

/** The API as the console session's account sees it. */
function accountApi(options: ConsoleHandlerOptions, account: string | undefined): StepFunctionsApi {
  return { call: (operation, body, ctx) => options.api.call(operation, body, { ...ctx, account }) };
}
