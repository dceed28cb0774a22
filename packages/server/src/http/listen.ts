// Starts the API server on a host and port and stops it gracefully: in-flight requests finish, idle
// keep-alive connections are closed so that shutdown never waits on a client.

import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { StepFunctionsApi } from '../service/api.ts';
import type { TargetApi } from '../service/cloudwatch-logs/logs-service.ts';
import type { AuditOptions } from './audit-trail.ts';
import type { ConsoleHandler } from './console-handler.ts';
import type { ConsoleSessions } from './console-session.ts';
import type { RouteHandler } from './metrics-route.ts';
import type { HttpService } from './http-service.ts';
import type { RequestAuth } from './request-auth.ts';
import { createApiServer, type ApiServerOptions } from './server.ts';

export interface ListenOptions {
  api: StepFunctionsApi;
  /** Request logs; none when absent (an in-process server in a harness). */
  log?: Logger;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The web console (GET requests); closed first on shutdown, ending its live-update streams. */
  console?: ConsoleHandler;
  /** Other AWS JSON APIs served on the same port (CloudWatch Logs). */
  apis?: readonly TargetApi[];
  /** The audit trail of calls that change something. */
  audit?: AuditOptions;
  /** GET paths answered before the console (`/metrics`). */
  routes?: Readonly<Record<string, RouteHandler>>;
  /** Other APIs served on the same port (see HttpService). */
  services?: readonly HttpService[];
  /** Signature checks (serve --auth); every request is accepted when absent. */
  auth?: RequestAuth;
  /** Host check and console login, run before anything else (see ApiServerOptions). */
  guards?: ApiServerOptions['guards'];
  sessions?: ConsoleSessions;
  /** HTTPS with this PEM certificate chain and key. */
  tls?: ApiServerOptions['tls'];
  /** Open connections at most; further ones are closed at once (none by default). */
  maxConnections?: number;
  /** How long a client has to send its headers, and its whole request (10 s and 30 s by default). */
  timeouts?: { headersMs?: number; requestMs?: number };
}

/** A client gets this long to send its headers, and its whole request: a slow one cannot hold a socket forever. */
const headersTimeoutMs = 10_000;
const requestTimeoutMs = 30_000;

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
    ...(options.apis === undefined ? {} : { apis: options.apis }),
    ...(options.routes === undefined ? {} : { routes: options.routes }),
    ...(options.audit === undefined ? {} : { audit: options.audit }),
    ...(options.services === undefined ? {} : { services: options.services }),
    ...(options.auth === undefined ? {} : { auth: options.auth }),
    ...(options.guards === undefined ? {} : { guards: options.guards }),
    ...(options.sessions === undefined ? {} : { sessions: options.sessions }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
  });
  server.requestTimeout = options.timeouts?.requestMs ?? Math.max(requestTimeoutMs, options.timeouts?.headersMs ?? 0);
  server.headersTimeout = options.timeouts?.headersMs ?? Math.min(headersTimeoutMs, server.requestTimeout);
  if (options.maxConnections !== undefined) server.maxConnections = options.maxConnections;
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
    url: `${options.tls === undefined ? 'http' : 'https'}://${host}:${String(port)}`,
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
