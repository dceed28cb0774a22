// `stepwise serve`: opens the store (SQLite in the data directory, or PostgreSQL), starts the runtime and
// the AWS-compatible API, prints where it listens, and shuts down gracefully on SIGTERM/SIGINT (requests answered, runtime closed).

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TaskInvocation, TaskResult } from '@stepwise/core';
import { pino, type Logger } from 'pino';
import { createConsoleHandler } from '../http/console-handler.ts';
import { listen } from '../http/listen.ts';
import { systemClock } from '../runtime/clock.ts';
import { nodeServices } from '../runtime/services.ts';
import { ServerMocks } from '../runtime/mocks/mocked-tasks.ts';
import { loadMockConfig, MockConfigError } from '../runtime/mocks/index.ts';
import { createTaskExecutor, type TaskExecutor } from '../runtime/tasks/executor.ts';
import type { FunctionResolver } from '../runtime/tasks/lambda.ts';
import { integrations, type IntegrationOptions } from '../runtime/tasks/integrations.ts';
import { jobPerformer } from '../runtime/tasks/aws/job-tasks.ts';
import { ApiError } from '../service/errors.ts';
import type { NewExecution } from '../service/runtime-port.ts';
import { createStepwise, type StepwiseOptions } from '../service/create-stepwise.ts';
import { accountLogsService } from '../service/cloudwatch-logs/account-log-groups.ts';
import { RetentionSweeper } from '../service/cloudwatch-logs/retention.ts';
import { StepFunctionsMetrics } from '../service/metrics/step-functions-metrics.ts';
import { metricsRoute } from '../http/metrics-route.ts';
import { auditRoute } from '../http/audit-trail.ts';
import { hasGauges } from '../store/store-gauges.ts';
import { openObservabilityStores } from './observability-stores.ts';
import type { Signals } from '../store/signals.ts';
import type { Synchronous } from '../store/sqlite/sqlite-store.ts';
import type { Store } from '../store/store.ts';
import { parseArgs, stringOption, UsageError } from './args.ts';
import { retentionDaysFrom, retentionOptionNames, startExecutionRetention } from './retention-options.ts';
import { databaseUrl, describeLocation, openServeStore, type StoreLocation } from './open-store.ts';
import { integrationOptionNames, integrationOptionsFrom } from './integration-options.ts';
import type { Io } from './io.ts';
import { startTriggers } from './serve-triggers.ts';
import { triggerOptionNames, triggerOptionsFrom, type TriggerServeOptions } from './trigger-options.ts';
import { definedFunctions, takeLoadOptions, type LoadOptions } from './load-options.ts';
import { serveSecurity } from './serve-security.ts';
import { securityOptionNames, securityOptionsFrom, type SecurityOptions } from './security-options.ts';
import { startLoading } from './serve-load.ts';
import { stepFunctionsLocalArgs } from './step-functions-local-env.ts';
import { tracingOptionNames, tracingOptionsFrom, type TracingServeOptions } from './tracing-options.ts';
import {
  executionLogCopyFrom,
  executionLogFlags,
  executionLogOptionNames,
  type ExecutionLogCopy,
} from './execution-log-options.ts';
import { executionLogLines } from './execution-log-copy.ts';
import { ExecutionTracer, historyFrom } from '../runtime/tracing/execution-tracer.ts';
import { OtlpSpanSink } from '../runtime/tracing/otlp-span-sink.ts';
import { timeScaleOption } from './time-scale-option.ts';
import { cacheOption } from './cache-option.ts';
import { ServerMetrics } from '../service/metrics/server-metrics.ts';

/** The web console as `npm install` builds it (packages/console, Vite); the built CLI carries a copy. */
const consoleDist = fileURLToPath(
  new URL(import.meta.url.endsWith('.js') ? '../console/' : '../../../console/dist/', import.meta.url),
);

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface ServeOptions {
  host: string;
  port: number;
  dataDir: string;
  /** SQLite in dataDir (the default), or PostgreSQL (--database, STEPWISE_DATABASE_URL). */
  store: StoreLocation;
  logLevel: string;
  region: string;
  accountId: string;
  /** Local Lambda functions: DIR/NAME.ts|.js|.mjs or executables (default ./functions). */
  functionsDir: string;
  /** AWS services and HTTP Task connections. */
  integrations: IntegrationOptions;
  /** A Step Functions Local mock file; StartExecution on `ARN#TestCaseName` uses its test case. */
  mocks?: ServerMocks;
  /** How long claimed work stays this node's: after a crash, other nodes take it over this much later. */
  leaseMillis: number;
  /** Access keys (--auth) and request limits. */
  security: SecurityOptions;
  /** `--load PATH` (repeatable): infrastructure code whose state machines and functions are served. */
  load: LoadOptions;
  /** The S3 notification webhook and queue (triggers). */
  triggers: TriggerServeOptions;
  /** The functions `--load` declares; set by serveCommand. */
  definedFunctions?: FunctionResolver;
  /** `--time-scale`: multiplies the time Waits and Retry back-offs take (absent: 1). */
  waitTimeScale?: number;
  /** `--max-history-events`: the quota on an execution's history (absent: AWS's 25,000). */
  maxHistoryEvents?: number;
  /** `--cache-mib`: the execution cache's byte budget, per runtime (absent: 64 MiB). */
  cacheBytes?: number;
  /** Finished executions are deleted this many days after they closed (--retention-days; AWS: 90). */
  retentionDays: number;
  /** Where spans go and which executions are traced (`--otlp-endpoint`). */
  tracing: TracingServeOptions;
  /** The JSON-lines copy of execution logs (`--execution-log-file`, `--execution-log-stdout`). */
  executionLogCopy: ExecutionLogCopy;
}

const valuedOptions = [
  'port',
  'host',
  'data',
  'database',
  'lease-seconds',
  'log-level',
  'region',
  'account',
  'functions',
  'mocks',
  'synchronous',
  'time-scale',
  'max-history-events',
  'cache-mib',
];

export function parseServeOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ServeOptions {
  const { load, rest } = takeLoadOptions(argv);
  const args = parseArgs(rest, executionLogFlags, [
    ...valuedOptions,
    ...integrationOptionNames,
    ...securityOptionNames,
    ...triggerOptionNames,
    ...retentionOptionNames,
    ...tracingOptionNames,
    ...executionLogOptionNames,
  ]);
  if (args.positional.length > 0) throw new UsageError(`serve takes no arguments: ${args.positional.join(' ')}`);
  const port = Number(stringOption(args, 'port') ?? '8083');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  const logLevel = stringOption(args, 'log-level') ?? 'info';
  if (!levels.includes(logLevel)) throw new UsageError(`--log-level must be one of ${levels.join(', ')}`);
  const host = stringOption(args, 'host') ?? '127.0.0.1';
  const { security, account } = securityOptionsFrom(args, host, stringOption(args, 'account'));
  const accountId = account ?? '123456789012';
  if (!/^\d{12}$/.test(accountId)) throw new UsageError('--account must be 12 digits');
  const region = stringOption(args, 'region') ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new UsageError(`--region ${region} is not a region name`);
  const dataDir = resolve(stringOption(args, 'data') ?? '.stepwise');
  const leaseSeconds = Number(stringOption(args, 'lease-seconds') ?? '60');
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 3 || leaseSeconds > 3600) {
    throw new UsageError('--lease-seconds must be a whole number of seconds from 3 to 3600');
  }
  const url = databaseUrl(stringOption(args, 'database'), env);
  const integrations = integrationOptionsFrom(args, env, region);
  return {
    host,
    port,
    dataDir,
    leaseMillis: leaseSeconds * 1000,
    store:
      url === undefined
        ? { kind: 'sqlite', dataDir, synchronous: synchronousOption(stringOption(args, 'synchronous')) }
        : { kind: 'postgres', url },
    logLevel,
    region,
    accountId,
    functionsDir: resolve(stringOption(args, 'functions') ?? 'functions'),
    integrations: { ...integrations, egress: { allow: security.httpAllow } },
    ...serverMocks(stringOption(args, 'mocks')),
    security,
    load,
    triggers: triggerOptionsFrom(args, env, integrations.aws !== undefined, { region, account: accountId }),
    retentionDays: retentionDaysFrom(stringOption(args, 'retention-days')),
    tracing: tracingOptionsFrom(args, env),
    executionLogCopy: executionLogCopyFrom(args),
    ...timeScaleOption(stringOption(args, 'time-scale')),
    ...maxHistoryEventsOption(stringOption(args, 'max-history-events')),
    ...cacheOption(stringOption(args, 'cache-mib')),
  };
}

/** AWS's quota is 25,000 events; a user may raise it (a benchmark's large inline Map) or lower it. */
function maxHistoryEventsOption(text: string | undefined): { maxHistoryEvents?: number } {
  if (text === undefined) return {};
  const events = Number(text);
  if (!Number.isInteger(events) || events < 10) {
    throw new UsageError(`--max-history-events must be a whole number of events from 10 up, not '${text}'`);
  }
  return { maxHistoryEvents: events };
}

function synchronousOption(value: string | undefined): Synchronous {
  if (value === undefined) return 'NORMAL';
  const upper = value.toUpperCase();
  if (upper !== 'NORMAL' && upper !== 'FULL') throw new UsageError('--synchronous must be NORMAL or FULL');
  return upper;
}

function serverMocks(file: string | undefined): { mocks?: ServerMocks } {
  if (file === undefined) return {};
  try {
    return { mocks: new ServerMocks(loadMockConfig(resolve(file))) };
  } catch (error) {
    if (error instanceof MockConfigError) throw new UsageError(`bad mock configuration\n${error.message}`);
    throw error;
  }
}

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
  const opened = await openServeStore(options.store, io, hooks.stopSignal);
  if (typeof opened === 'number') return opened;
  const { store, signals } = opened;
  // Execution logs and the audit trail: the SQLite store's, or the PostgreSQL database's (shared by every node).
  const observed = openObservabilityStores(options.store, options.dataDir, opened.logs, log);
  const { logs } = observed;
  const functions = definedFunctions(options, hooks.env ?? {}, io);
  const metrics = new StepFunctionsMetrics();
  const serverMetrics = new ServerMetrics(metrics.registry, node);
  // The runtime and the service use the store through the timing wrapper; closing uses the store itself.
  const timedStore = serverMetrics.timed(store);
  const { tracer, spans } = serveTracer(options, timedStore, log);
  const tasks = serveTasks({ ...options, definedFunctions: functions.resolve });
  const mocks = options.mocks;
  const stepwise = createStepwise({
    store: timedStore,
    logs,
    clock: systemClock,
    tasks,
    // The tracer is outermost: a mocked task, and Step Functions' own (a child execution), get the trace too.
    intercept: (performer) => tracer.wrap(mocks === undefined ? performer : mocks.performer(performer)),
    services: nodeServices,
    region: options.region,
    accountId: options.accountId,
    runtime: runtimeSettings(options, log, signals, (record, events) => {
      metrics.observe(record, events);
      tracer.observe(record, events);
      observed.expressMinutes.observe(record, events);
    }),
    executionLogs: {
      ...(logLines === undefined ? {} : { copy: logLines.lines.write }),
      streamSuffix: randomUUID().slice(0, 8),
      onError: (error) => {
        log.warn({ err: error }, 'execution log records dropped');
      },
    },
    beforeStart: (execution) => {
      chooseTestCase(options.mocks, execution);
    },
    invokeTask: testStateTask(tasks),
    isolateAccounts: options.security.keys.length > 0,
  });
  stepwise.start();
  const { api, deps, runtime } = stepwise;
  serverMetrics.watchWork(() => runtime.standard.workInFlight + runtime.express.workInFlight);
  serverMetrics.watchCaches({ STANDARD: () => runtime.standard.cacheUse, EXPRESS: () => runtime.express.cacheUse });
  if (hasGauges(store)) serverMetrics.watchStore(store, deps.now);
  const retention = new RetentionSweeper({ logs, now: () => Date.now() });
  retention.start();
  const executionRetention = startExecutionRetention(store, options.retentionDays, log);

  const auditLog = observed.audit;
  const logsApi = accountLogsService({
    logs,
    region: options.region,
    accountId: options.accountId,
    now: deps.now,
  });
  const scope = { host: options.host, region: options.region, account: options.accountId };
  const security = serveSecurity(options.security, scope);
  const sessions = security.listen.sessions;
  const consoleHandler = createConsoleHandler({
    ...{ api, log, distDir: consoleDist, serverInfo: { waitTimeScale: options.waitTimeScale ?? 1 } },
    changes: runtime.standard.signals,
    minutes: observed.minutes,
    ...(sessions === undefined ? {} : { accountOf: (req: IncomingMessage) => sessions.accountOf(req) }),
  });
  const { region, accountId, integrations } = options;
  const aws = integrations.aws === undefined ? {} : { aws: integrations.aws };
  const triggers = startTriggers({
    ...{ triggers: opened.triggers, templates: opened.templates },
    ...{ api, log, region, accountId, auth: security.listen.auth, ...aws, ...options.triggers },
    ...(security.listen.sessions === undefined ? {} : { sessions: security.listen.sessions }),
    leaseMillis: options.leaseMillis,
  });
  // Loaded before listening: once a client sees the URL, the template's machines and triggers exist.
  const loader = await startLoading({
    ...options.load,
    api,
    functions,
    triggers: triggers.apis,
    stepwise: async (operation, request) =>
      (await triggers.templateApi.call(operation, request, { requestId: 'load' })) as Record<string, unknown>,
    log,
    io,
    region: options.region,
    accountId: options.accountId,
  });
  const server = await listen({
    api,
    log,
    host: options.host,
    port: options.port,
    console: consoleHandler,
    ...security.listen,
    apis: [logsApi, triggers.templateApi],
    audit: { sink: auditLog, region: options.region, account: options.accountId },
    routes: {
      '/metrics': metricsRoute(metrics, { account: options.accountId, accountOf: security.accountOf }),
      '/audit': auditRoute(auditLog, { account: options.accountId, accountOf: security.accountOf }),
    },
    services: triggers.services,
  });
  io.out(`Stepwise listening on ${server.url} (region ${options.region}, account ${options.accountId})`);
  io.out(`Console: ${server.url}/`);
  if (security.signInPath !== undefined)
    io.out(`Console sign-in link (works once): ${server.url}${security.signInPath}`);
  io.out(`Data: ${describeLocation(options.store)}`);
  // The SDKs send these two to `sync-<host>`, which a local name does not resolve: say so before anyone trips.
  io.out(
    'StartSyncExecution and TestState: the AWS SDKs send them to sync-<host>; turn host prefix injection off ' +
      '(JS disableHostPrefix: true, boto3 Config(inject_host_prefix=False), recent SDKs and CLI ' +
      'AWS_DISABLE_HOST_PREFIX_INJECTION=true), use @stepwise/sdk, or make sync-<host> resolve to this server',
  );
  const signal = await hooks.stopSignal;
  loader.close();
  functions.close();
  log.info({ signal }, 'shutting down');
  // Workers' long polls would hold the server open for up to 60 s: they answer now, with no task.
  runtime.endActivityPolls();
  await server.close();
  await triggers.close();
  await executionRetention.stop();
  await stepwise.close();
  await logLines?.close();
  await tracer.settled();
  await spans.shutdown();
  tasks.close();
  retention.stop();
  await observed.close();
  await store.close();
  if (opened.logs !== store) await opened.logs.close();
  io.out('Stepwise stopped');
  return 0;
}

/**
 * Tasks as `serve` performs them: Lambda tasks by the functions `--load` declares, then the local functions
 * folder, then AWS Lambda when AWS is configured; HTTP and AWS service tasks by their handlers.
 */
function serveTasks(options: ServeOptions): TaskExecutor {
  const { handlers, remoteFunctions } = integrations(options.integrations);
  return createTaskExecutor({
    functionsDir: options.functionsDir,
    region: options.region,
    accountId: options.accountId,
    handlers,
    ...(remoteFunctions === undefined ? {} : { remoteFunctions }),
    ...(options.definedFunctions === undefined ? {} : { definedFunctions: options.definedFunctions }),
  });
}

/** TestState performs an unmocked Task once, without waiting for a callback. */
function testStateTask(tasks: TaskExecutor): (invocation: TaskInvocation) => Promise<TaskResult> {
  return async (invocation) => {
    const outcome = await tasks.execute(invocation);
    return 'waitingForCallback' in outcome || 'handedOver' in outcome || 'jobStarted' in outcome
      ? { error: 'States.Runtime', cause: 'TestState does not wait for task token callbacks or jobs' }
      : outcome;
  };
}

/** Spans of executions (OTLP over HTTP); the tracer reads earlier events of executions it did not see start. */
function serveTracer(
  options: ServeOptions,
  store: Store,
  log: Logger,
): { tracer: ExecutionTracer; spans: OtlpSpanSink } {
  const spans = new OtlpSpanSink({ url: options.tracing.tracesUrl, serviceName: 'stepwise' });
  const tracer = new ExecutionTracer({
    sink: spans,
    traceAll: options.tracing.traceAll,
    history: historyFrom(store),
    onError: (error) => {
      log.warn({ err: error }, 'trace spans of an execution started elsewhere are incomplete');
    },
  });
  return { tracer, spans };
}

/** The runtime's leases, wake-ups and what it reports: errors to the log, commits to the metrics and traces. */
function runtimeSettings(
  options: ServeOptions,
  log: Logger,
  signals: Signals | undefined,
  onCommitted: NonNullable<NonNullable<StepwiseOptions['runtime']>['onCommitted']>,
): StepwiseOptions['runtime'] {
  const mocks = options.mocks;
  return {
    leaseMillis: options.leaseMillis,
    ...(options.waitTimeScale === undefined ? {} : { waitTimeScale: options.waitTimeScale }),
    ...(options.maxHistoryEvents === undefined ? {} : { maxHistoryEvents: options.maxHistoryEvents }),
    ...(options.cacheBytes === undefined ? {} : { cacheBytes: options.cacheBytes }),
    ...(options.integrations.aws === undefined ? {} : { jobs: jobPerformer(options.integrations.aws) }),
    ...(signals === undefined ? {} : { signals }),
    onCommitted,
    onSchedulerError: (error) => {
      log.error({ err: error }, 'the scheduler could not reach the store; trying again in a second');
    },
    onWorkError: (error, item) => {
      log.error(
        { err: error, workItem: item.id, executionArn: item.executionArn },
        'work item failed; retried when its lease runs out',
      );
    },
    ...(mocks === undefined
      ? {}
      : {
          onExecutionEnd: (record: { arn: string }) => {
            mocks.forget(record.arn);
          },
        }),
  };
}

/** `ARN#TestCaseName`: the execution's tasks come from that test case of the server's mock file. */
function chooseTestCase(mocks: ServerMocks | undefined, execution: NewExecution): void {
  if (execution.testCase === undefined) return;
  if (mocks === undefined) {
    throw new ApiError(
      'InvalidArn',
      `Invalid Arn: '${execution.stateMachineArn}#${execution.testCase}': a '#TestCaseName' suffix needs a mock file (stepwise serve --mocks FILE)`,
    );
  }
  try {
    mocks.register(execution.arn, execution.stateMachineName, execution.testCase);
  } catch (error) {
    if (error instanceof MockConfigError) throw new ApiError('ValidationException', error.message);
    throw error;
  }
}
