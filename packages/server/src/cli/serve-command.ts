// `stepwise serve`: parses the options (serve-options.ts), opens the store (SQLite in the data directory, or
// PostgreSQL), starts the server through the composition root's companion (http/stepwise-server.ts), prints
// where it listens, and shuts down gracefully on SIGTERM/SIGINT (requests answered, runtime closed).

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import type { DefinedFunctions } from '../runtime/functions/defined-functions.ts';
import { startStepwiseServer, type ServerStores, type StepwiseServer } from '../http/stepwise-server.ts';
import { executionLogLines, type OpenLogLines } from './execution-log-copy.ts';
import type { Io } from './io.ts';
import { definedFunctions } from './load-options.ts';
import { describeLocation, openServeStore } from './open-store.ts';
import { startLoading, type Loader } from './serve-load.ts';
import { parseServeOptions, type ServeOptions } from './serve-options.ts';
import { stepFunctionsLocalArgs } from './step-functions-local-env.ts';

export { parseServeOptions, type ServeOptions } from './serve-options.ts';

/** The web console as `npm install` builds it (packages/console, Vite); the built CLI carries a copy. */
const consoleDist = fileURLToPath(
  new URL(import.meta.url.endsWith('.js') ? '../console/' : '../../../console/dist/', import.meta.url),
);

export interface ServeHooks {
  /** Resolves when the server should stop (SIGTERM/SIGINT in the process). */
  stopSignal: Promise<string>;
  /** Logs go here (standard output in the process). */
  logStream?: NodeJS.WritableStream;
  /** The environment AWS credentials are read from (the process's in the CLI). */
  env?: Readonly<Record<string, string | undefined>>;
}

export async function serveCommand(argv: readonly string[], io: Io, hooks: ServeHooks): Promise<number> {
  // Step Functions Local's variables first: options on the command line override them.
  const options = parseServeOptions([...stepFunctionsLocalArgs(hooks.env ?? {}, io), ...argv], hooks.env);
  // The data directory: SQLite's database and audit trail (PostgreSQL keeps both in the database).
  mkdirSync(options.dataDir, { recursive: true });
  const node = randomUUID();
  const log = pino({ level: options.logLevel, base: { node } }, hooks.logStream ?? process.stdout);
  // Opened before the store: a copy that cannot be written stops the server before anything else starts.
  const logLines = executionLogLines(options.executionLogCopy, hooks.logStream ?? process.stdout, log);
  const stores = await openServeStore(options.store, io, hooks.stopSignal);
  if (typeof stores === 'number') return stores;
  const functions = definedFunctions(options, hooks.env ?? {}, io);
  const loading: { loader?: Loader } = {};
  const server = await startStepwiseServer({
    ...serverOptions(options, { stores, node, log, functions, logLines }),
    // Loaded before listening: once a client sees the URL, the template's machines and triggers exist.
    beforeListen: async ({ stepwise, triggers, templates }) => {
      loading.loader = await startLoading({
        ...{ ...options.load, api: stepwise.api, functions, triggers, log, io },
        stepwise: async (operation, request) =>
          (await templates.call(operation, request, { requestId: 'load' })) as Record<string, unknown>,
        ...{ region: options.region, accountId: options.accountId },
      });
    },
  });
  printStarted(io, options, server);
  const signal = await hooks.stopSignal;
  loading.loader?.close();
  functions.close();
  log.info({ signal }, 'shutting down');
  await server.close();
  await logLines?.close();
  io.out('Stepwise stopped');
  return 0;
}

/** The server's settings from the parsed options, over the opened stores. */
function serverOptions(
  options: ServeOptions,
  opened: { stores: ServerStores; node: string; log: Logger; functions: DefinedFunctions; logLines?: OpenLogLines },
): Parameters<typeof startStepwiseServer>[0] {
  const { leaseMillis, waitTimeScale, maxHistoryEvents, cacheBytes, mocks } = options;
  const { logLines } = opened;
  return {
    ...{ stores: opened.stores, location: options.store, dataDir: options.dataDir, node: opened.node },
    ...{ host: options.host, port: options.port, region: options.region, accountId: options.accountId },
    ...{ log: opened.log, functionsDir: options.functionsDir, integrations: options.integrations },
    definedFunctions: opened.functions.resolve,
    ...(mocks === undefined ? {} : { mocks }),
    runtime: {
      leaseMillis,
      ...(waitTimeScale === undefined ? {} : { waitTimeScale }),
      ...(maxHistoryEvents === undefined ? {} : { maxHistoryEvents }),
      ...(cacheBytes === undefined ? {} : { cacheBytes }),
    },
    ...{ security: options.security, triggers: options.triggers, retentionDays: options.retentionDays },
    tracing: options.tracing,
    ...(logLines === undefined ? {} : { executionLogCopy: logLines.lines.write }),
    consoleDist,
  };
}

function printStarted(io: Io, options: ServeOptions, server: StepwiseServer): void {
  io.out(`Stepwise listening on ${server.url} (region ${options.region}, account ${options.accountId})`);
  io.out(`Console: ${server.url}/`);
  if (server.signInPath !== undefined) io.out(`Console sign-in link (works once): ${server.url}${server.signInPath}`);
  io.out(`Data: ${describeLocation(options.store)}`);
  // The SDKs send these two to `sync-<host>`, which a local name does not resolve: say so before anyone trips.
  io.out(
    'StartSyncExecution and TestState: the AWS SDKs send them to sync-<host>; turn host prefix injection off ' +
      '(JS disableHostPrefix: true, boto3 Config(inject_host_prefix=False), recent SDKs and CLI ' +
      'AWS_DISABLE_HOST_PREFIX_INJECTION=true), use @stepwise/sdk, or make sync-<host> resolve to this server',
  );
}
