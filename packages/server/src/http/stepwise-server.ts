// The composition root's companion for a whole server (`serve`): over the stores it is given, it builds
// Stepwise through createStepwise (Tasks, mocks, triggers and their workers, logs, execution logs, retention,
// accounts), its metrics and traces, the console, the security in front, and the HTTP server; and closes
// it all in order. The command line only parses options, opens the stores and reports.

import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { systemClock } from '../runtime/clock.ts';
import type { ServerMocks } from '../runtime/mocks/mocked-tasks.ts';
import { ExecutionTracer, historyFrom } from '../runtime/tracing/execution-tracer.ts';
import { OtlpSpanSink } from '../runtime/tracing/otlp-span-sink.ts';
import type { TaskExecutor } from '../runtime/tasks/executor.ts';
import { jobPerformer } from '../runtime/tasks/aws/job-tasks.ts';
import type { TargetApi } from '../service/cloudwatch-logs/logs-service.ts';
import { createStepwise, type Stepwise, type StepwiseOptions } from '../service/create-stepwise.ts';
import type { ExecutionLogsOptions } from '../service/execution-logs.ts';
import type { TriggerApis } from '../service/iac/apply-triggers.ts';
import { ServerMetrics } from '../service/metrics/server-metrics.ts';
import { StepFunctionsMetrics } from '../service/metrics/step-functions-metrics.ts';
import { chooseTestCase, serverTasks, testStateTask, type ServerTaskOptions } from '../service/server-tasks.ts';
import type { TriggerWorkers, TriggerWorkerSettings } from '../service/trigger-workers.ts';
import type { LogStore } from '../store/log-store.ts';
import type { Signals } from '../store/signals.ts';
import type { StoreLocation } from '../store/store-location.ts';
import { hasGauges } from '../store/store-gauges.ts';
import type { Store } from '../store/store.ts';
import type { TemplateRecords } from '../store/template-records.ts';
import type { TriggerStore } from '../store/trigger-store.ts';
import { auditRoute } from './audit-trail.ts';
import { createConsoleHandler } from './console-handler.ts';
import { listen, type RunningServer } from './listen.ts';
import { metricsRoute } from './metrics-route.ts';
import { openObservabilityStores, type ObservabilityStores } from './observability-stores.ts';
import { serverSecurity, type SecurityOptions, type ServerSecurity } from './server-security.ts';
import { serverTriggerServices, templateApi, type ServerTriggerOptions } from './server-trigger-services.ts';

/** The stores a server runs on (cli/open-store.ts opens them); the server closes them when it closes. */
export interface ServerStores {
  /** Machines, executions and work (SQLite or PostgreSQL). */
  store: Store;
  /** SQLite's log tables (with PostgreSQL an in-memory stand-in: the database keeps them). */
  logs: Store & LogStore;
  triggers: TriggerStore;
  templates: TemplateRecords;
  signals?: Signals;
}

export interface StepwiseServerOptions extends Omit<ServerTaskOptions, 'region' | 'accountId'> {
  stores: ServerStores;
  location: StoreLocation;
  /** The data directory (SQLite's audit trail). */
  dataDir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  region: string;
  accountId: string;
  /** This node's id (metrics' `node` label). */
  node: string;
  log: Logger;
  mocks?: ServerMocks;
  /** Leases, the time scale, the history quota and the execution cache's budget. */
  runtime: Pick<
    NonNullable<StepwiseOptions['runtime']>,
    'leaseMillis' | 'waitTimeScale' | 'maxHistoryEvents' | 'cacheBytes'
  >;
  security: SecurityOptions;
  triggers: Omit<TriggerWorkerSettings, 'log' | 'aws' | 'leaseMillis'> & { s3WebhookSecret?: string };
  retentionDays: number;
  /** Where spans go, and whether every execution is traced (not only those of machines asking for it). */
  tracing: { tracesUrl: string; traceAll: boolean };
  /** The JSON-lines copy of execution log records, for a log collector. */
  executionLogCopy?: ExecutionLogsOptions['copy'];
  /** The web console's built files. */
  consoleDist: string;
  /** Runs once everything is built and before the port opens (`serve --load` loads its templates here). */
  beforeListen?: (built: BuiltServer) => Promise<void>;
}

/** What `beforeListen` may call: the service, and the triggers' and templates' APIs in process. */
export interface BuiltServer {
  stepwise: Stepwise;
  triggers: TriggerApis;
  templates: TargetApi;
}

export interface StepwiseServer {
  /** `http://host:port` (https with TLS). */
  url: string;
  /** The console's one-time sign-in path (with access keys). */
  signInPath?: string;
  stepwise: Stepwise;
  /** Answers what is in flight, stops everything in order and closes the stores. */
  close(): Promise<void>;
}

interface Observers {
  metrics: StepFunctionsMetrics;
  serverMetrics: ServerMetrics;
  tracer: ExecutionTracer;
  spans: OtlpSpanSink;
  observed: ObservabilityStores;
  /** The store through the timing wrapper: the runtime and the service use it; closing uses the store itself. */
  timedStore: Store;
}

export async function startStepwiseServer(options: StepwiseServerOptions): Promise<StepwiseServer> {
  const observers = observe(options);
  const tasks = serverTasks(options);
  const stepwise = createStepwise(stepwiseOptions(options, observers, tasks));
  stepwise.start();
  watchRuntime(observers.serverMetrics, stepwise, options.stores.store);
  const { host, region, accountId } = options;
  const security = serverSecurity(options.security, { host, region, account: accountId });
  const workers = stepwise.triggerWorkers;
  if (workers === undefined) throw new Error('the composition root started no trigger workers');
  const templates = templateApi({ workers, templates: options.stores.templates, accountId });
  await options.beforeListen?.({ stepwise, triggers: workers.apis, templates });
  const server = await listenOn(options, { stepwise, workers, observers, security, templates });
  return {
    url: server.url,
    ...(security.signInPath === undefined ? {} : { signInPath: security.signInPath }),
    stepwise,
    close: async () => {
      // Workers' long polls would hold the server open for up to 60 s: they answer now, with no task.
      stepwise.runtime.endActivityPolls();
      await server.close();
      await stepwise.close();
      await observers.tracer.settled();
      await observers.spans.shutdown();
      tasks.close();
      await observers.observed.close();
      await closeStores(options.stores);
    },
  };
}

/** Metrics (with the store timed), traces, and where logs, the audit trail and Express counts are kept. */
function observe(options: StepwiseServerOptions): Observers {
  const metrics = new StepFunctionsMetrics();
  const serverMetrics = new ServerMetrics(metrics.registry, options.node);
  const timedStore = serverMetrics.timed(options.stores.store);
  const observed = openObservabilityStores(options.location, options.dataDir, options.stores.logs, options.log);
  const spans = new OtlpSpanSink({ url: options.tracing.tracesUrl, serviceName: 'stepwise' });
  const tracer = new ExecutionTracer({
    sink: spans,
    traceAll: options.tracing.traceAll,
    history: historyFrom(timedStore),
    onError: (error) => {
      options.log.warn({ err: error }, 'trace spans of an execution started elsewhere are incomplete');
    },
  });
  return { metrics, serverMetrics, tracer, spans, observed, timedStore };
}

/** The node's own gauges: work under lease, the execution caches, and the store's queue at each scrape. */
function watchRuntime(metrics: ServerMetrics, stepwise: Stepwise, store: Store): void {
  const { runtime } = stepwise;
  metrics.watchWork(() => runtime.standard.workInFlight + runtime.express.workInFlight);
  metrics.watchCaches({ STANDARD: () => runtime.standard.cacheUse, EXPRESS: () => runtime.express.cacheUse });
  if (hasGauges(store)) metrics.watchStore(store, stepwise.deps.now);
}

/** Stepwise as a server runs it: on the wall clock, its background work on, each commit observed. */
function stepwiseOptions(options: StepwiseServerOptions, observers: Observers, tasks: TaskExecutor): StepwiseOptions {
  const { mocks, log, stores } = options;
  const { tracer, metrics, observed } = observers;
  return {
    ...{ store: observers.timedStore, logs: observed.logs, triggers: stores.triggers, clock: systemClock, tasks },
    // The tracer is outermost: a mocked task, and Step Functions' own (a child execution), get the trace too.
    intercept: (performer) => tracer.wrap(mocks === undefined ? performer : mocks.performer(performer)),
    ...{ region: options.region, accountId: options.accountId, retentionDays: options.retentionDays },
    runtime: serverRuntime(options, (record, events) => {
      metrics.observe(record, events);
      tracer.observe(record, events);
      observed.expressMinutes.observe(record, events);
    }),
    executionLogs: {
      ...(options.executionLogCopy === undefined ? {} : { copy: options.executionLogCopy }),
      streamSuffix: options.node.slice(0, 8),
      onError: (error) => {
        log.warn({ err: error }, 'execution log records dropped');
      },
    },
    beforeStart: (execution) => {
      chooseTestCase(mocks, execution);
    },
    invokeTask: testStateTask(tasks),
    isolateAccounts: options.security.keys.length > 0,
    background: { log, triggers: triggerSettings(options) },
  };
}

function triggerSettings(options: StepwiseServerOptions): TriggerWorkerSettings {
  const aws = options.integrations.aws;
  return {
    ...{ log: options.log, leaseMillis: options.runtime.leaseMillis ?? 60_000 },
    ...(aws === undefined ? {} : { aws }),
    ...(options.triggers.routes === undefined ? {} : { routes: options.triggers.routes }),
    ...(options.triggers.s3EventsQueue === undefined ? {} : { s3EventsQueue: options.triggers.s3EventsQueue }),
  };
}

/** The runtime's leases, wake-ups and what it reports: errors to the log, commits to the metrics and traces. */
function serverRuntime(
  options: StepwiseServerOptions,
  onCommitted: NonNullable<NonNullable<StepwiseOptions['runtime']>['onCommitted']>,
): StepwiseOptions['runtime'] {
  const { mocks, log } = options;
  const aws = options.integrations.aws;
  return {
    ...options.runtime,
    ...(aws === undefined ? {} : { jobs: jobPerformer(aws) }),
    ...(options.stores.signals === undefined ? {} : { signals: options.stores.signals }),
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

/** The console, the other APIs, the metrics and audit routes, and the security in front, on the port. */
async function listenOn(
  options: StepwiseServerOptions,
  parts: {
    stepwise: Stepwise;
    workers: TriggerWorkers;
    observers: Observers;
    security: ServerSecurity;
    templates: TargetApi;
  },
): Promise<RunningServer> {
  const { stepwise, observers, security } = parts;
  const { api, runtime } = stepwise;
  const { log, accountId: account } = options;
  const sessions = security.listen.sessions;
  const accountOf = security.accountOf;
  const auditLog = observers.observed.audit;
  const logsApi = stepwise.logsApi;
  return await listen({
    ...{ api, log, host: options.host, port: options.port, ...security.listen },
    console: createConsoleHandler({
      ...{ api, log, distDir: options.consoleDist, serverInfo: { waitTimeScale: options.runtime.waitTimeScale ?? 1 } },
      changes: runtime.standard.signals,
      minutes: observers.observed.minutes,
      ...(sessions === undefined ? {} : { accountOf: (req: IncomingMessage) => sessions.accountOf(req) }),
    }),
    apis: [...(logsApi === undefined ? [] : [logsApi]), parts.templates],
    audit: { sink: auditLog, region: options.region, account },
    routes: {
      '/metrics': metricsRoute(observers.metrics, { account, accountOf }),
      '/audit': auditRoute(auditLog, { account, accountOf }),
    },
    services: serverTriggerServices(triggerServiceOptions(options, parts)),
  });
}

function triggerServiceOptions(
  options: StepwiseServerOptions,
  { stepwise, workers, security }: { stepwise: Stepwise; workers: TriggerWorkers; security: ServerSecurity },
): ServerTriggerOptions {
  const { sessions, auth } = security.listen;
  const secret = options.triggers.s3WebhookSecret;
  return {
    ...{ workers, triggers: options.stores.triggers, templates: options.stores.templates, api: stepwise.api },
    ...{ accountId: options.accountId, log: options.log },
    ...(auth === undefined ? {} : { auth }),
    ...(sessions === undefined ? {} : { sessions }),
    ...(secret === undefined ? {} : { s3WebhookSecret: secret }),
  };
}

async function closeStores(stores: ServerStores): Promise<void> {
  await stores.store.close();
  if (stores.logs !== stores.store) await stores.logs.close();
}
