// Starts the API server on a host and port and stops it gracefully: in-flight requests finish, idle
// keep-alive connections are closed so that shutdown never waits on a client.

import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { StepFunctionsApi } from '../service/api.ts';
import type { ConsoleHandler } from './console-handler.ts';
import type { RequestAuth } from './request-auth.ts';
import { createApiServer } from './server.ts';

export interface ListenOptions {
  api: StepFunctionsApi;
  /** Request logs; none when absent (an in-process server in a harness). */
  log?: Logger;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The web console (GET requests); closed first on shutdown, ending its live-update streams. */
  console?: ConsoleHandler;
  /** Signature checks (serve --auth); every request is accepted when absent. */
  auth?: RequestAuth;
}

export interface RunningServer {
  /** `http://host:port`, the endpoint clients pass as --endpoint-url. */
  url: string;
  port: number;
  /** Lets the process exit while the server still listens (an in-process server in a test harness). */
  unref(): void;
  /** Stops accepting connections and resolves once in-flight requests have been answered. */
  close(): Promise<void>;
}

export async function listen(options: ListenOptions): Promise<RunningServer> {
  const server = createApiServer({
    api: options.api,
    log: options.log ?? pino({ level: 'silent' }),
    ...(options.console === undefined ? {} : { console: options.console }),
    ...(options.auth === undefined ? {} : { auth: options.auth }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${String(port)}`,
    port,
    unref: () => {
      server.unref();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        options.console?.close();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
