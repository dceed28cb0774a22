// Wires the triggers into `serve`: the EventBridge, Scheduler and Pipes APIs and the S3 notification webhook on
// the server's port, an SQS queue of S3 notifications when one is given, the pipes' queue readers, over the
// TriggerStore of the server's store, and the delivery worker that starts executions through the Step Functions API.

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { eventsHttpService } from '../http/events-http.ts';
import { consoleTriggersService } from '../http/console-triggers-http.ts';
import type { ConsoleSessions } from '../http/console-session.ts';
import type { HttpService } from '../http/http-service.ts';
import { pipesHttpService } from '../http/pipes-http.ts';
import { routesHttpService } from '../http/routes-http.ts';
import type { RequestAuth } from '../http/request-auth.ts';
import { s3WebhookService } from '../http/s3-webhook-http.ts';
import { schedulerHttpService } from '../http/scheduler-http.ts';
import type { AwsConfig } from '../runtime/tasks/aws/aws-config.ts';
import type { StepFunctionsApi } from '../service/api.ts';
import { deadLetterSender } from '../service/events/dead-letter.ts';
import { DeliveryWorker } from '../service/events/delivery-worker.ts';
import type { EventsDeps } from '../service/events/events-context.ts';
import { createEventsService, startDelivery } from '../service/events/events-service.ts';
import { RuleCache } from '../service/events/rule-cache.ts';
import { putS3Notification } from '../service/events/s3-notifications.ts';
import { runS3QueueSource } from '../service/events/s3-queue-source.ts';
import { sqsClient } from '../service/events/sqs-client.ts';
import { PipeRunner } from '../service/pipes/pipe-runner.ts';
import { pipeStarter } from '../service/pipes/pipe-target.ts';
import { pipeHandlers } from '../service/pipes/pipes-service.ts';
import { consoleRoutes } from '../service/routes/console-routes.ts';
import { RouteTable } from '../service/routes/route-table.ts';
import { triggersOverview } from '../service/triggers-overview.ts';
import { SchedulerLoop } from '../service/schedules/scheduler.ts';
import { scheduleHandlers } from '../service/schedules/schedules-service.ts';
import type { TriggerApis } from '../service/iac/apply-triggers.ts';
import { accountTriggerApis } from '../service/account-trigger-apis.ts';
import { accountTriggerStore } from '../service/trigger-accounts.ts';
import type { TargetApi } from '../service/cloudwatch-logs/logs-service.ts';
import { createTemplateApi } from '../service/iac/template-api.ts';
import type { TemplateRecords } from '../store/template-records.ts';
import type { TriggerStore } from '../store/trigger-store.ts';
import { UsageError } from './args.ts';
import type { TriggerServeOptions } from './trigger-options.ts';

export interface TriggersOptions extends TriggerServeOptions {
  triggers: TriggerStore;
  /** Which template made which resource: served as `Stepwise.*` for loads. */
  templates: TemplateRecords;
  api: StepFunctionsApi;
  log: Logger;
  region: string;
  accountId: string;
  aws?: AwsConfig;
  /** Signature and permission checks (serve --auth), as for the Step Functions API. */
  auth?: RequestAuth;
  /** How long a claimed delivery stays this node's (--lease-seconds): after a crash, it waits this long. */
  leaseMillis?: number;
  /** The console's sessions (with --auth): the console's route changes carry one. */
  sessions?: ConsoleSessions;
}

export interface RunningTriggers {
  services: HttpService[];
  /** The HTTP start routes (the console adds and removes its own). */
  routes: RouteTable;
  /** The EventBridge and Scheduler APIs in process (`serve --load` puts a template's triggers through them). */
  apis: TriggerApis;
  /** `Stepwise.*`: template records and routes for `stepwise load` (and `serve --load`, in process). */
  templateApi: TargetApi;
  close(): Promise<void>;
}

export function startTriggers(options: TriggersOptions): RunningTriggers {
  const log = options.log.child({ component: 'triggers' });
  const { worker, deps } = startDeliveries(options, log);
  const rules = new RuleCache(options.triggers);
  const scheduler = new SchedulerLoop({ deps, log });
  scheduler.start();
  const sources = startQueueSource(options, deps, rules, log);
  const pipes = startPipes(options, log);
  const routes = new RouteTable(options.routes ?? [], options.triggers, log);
  routes.start();
  const ownRoutes = consoleRoutes(routes, options.triggers, scope(options));
  return {
    services: httpServices({ options, deps, rules, pipes, routes, log }),
    routes,
    apis: { ...triggerApis(deps, rules, pipes), routes: ownRoutes },
    templateApi: createTemplateApi({ records: options.templates, routes: ownRoutes, account: options.accountId }),
    close: async () => {
      await scheduler.close();
      await sources();
      await pipes.close();
      routes.stop();
      await worker.close();
    },
  };
}

/** The delivery worker, and what the trigger services need to commit deliveries and wake it. */
function startDeliveries(options: TriggersOptions, log: Logger): { worker: DeliveryWorker; deps: EventsDeps } {
  const worker = new DeliveryWorker({
    triggers: options.triggers,
    start: startDelivery(options.api, { requestId: 'triggers' }),
    ...(options.aws === undefined ? {} : { sendDeadLetter: deadLetterSender(options.aws) }),
    now: () => Date.now(),
    owner: randomUUID(),
    log,
    ...(options.leaseMillis === undefined ? {} : { leaseMillis: options.leaseMillis }),
  });
  worker.kick();
  const deps: EventsDeps = {
    triggers: options.triggers,
    region: options.region,
    accountId: options.accountId,
    now: () => Date.now(),
    uuid: () => randomUUID(),
    deliveriesAdded: () => {
      worker.kick();
    },
  };
  return { worker, deps };
}

interface ServiceParts {
  options: TriggersOptions;
  deps: EventsDeps;
  rules: RuleCache;
  pipes: PipeRunner;
  routes: RouteTable;
  log: Logger;
}

function scope(options: TriggersOptions): { region: string; account: string } {
  return { region: options.region, account: options.accountId };
}

/** The APIs and endpoints on the server's port, in the order they claim requests. */
function httpServices({ options, deps, rules, pipes, routes, log }: ServiceParts): HttpService[] {
  const { auth } = options;
  const apis = accountTriggerApis({ deps, rules }, () => {
    pipes.kick();
  });
  const sessionRoutes = consoleRoutes(routes, options.triggers, scope(options));
  return [
    eventsHttpService((account) => apis(account).events, log, auth),
    schedulerHttpService((account) => apis(account).scheduler, log, auth),
    pipesHttpService((account) => apis(account).pipes, log, auth),
    s3WebhookService({
      ...(options.s3WebhookSecret === undefined ? {} : { secret: options.s3WebhookSecret }),
      put: (body) => putS3Notification(deps, rules, body),
      log,
    }),
    routesHttpService({ table: routes, api: options.api, log, auth }),
    consoleTriggersService({
      overview: (account) => {
        const own = account === undefined || account === options.accountId ? undefined : account;
        return triggersOverview(accountTriggerStore(options.triggers, own), sessionRoutes.list(account), Date.now());
      },
      routes: sessionRoutes,
      log,
      auth,
      sessions: options.sessions,
    }),
  ];
}

/** The same services the HTTP edge calls, called in process with AWS's operation names and request shapes. */
function triggerApis(deps: EventsDeps, rules: RuleCache, pipes: PipeRunner): TriggerApis {
  const events = createEventsService(deps, rules);
  const pipesChanged = () => {
    pipes.kick();
  };
  return {
    events: async (operation, request) => (await events.call(operation, request)) as Record<string, unknown>,
    scheduler: handlerCall(scheduleHandlers(deps), 'Scheduler'),
    pipes: handlerCall(pipeHandlers({ ...deps, pipesChanged }), 'Pipes'),
  };
}

function handlerCall(handlers: Record<string, (request: Record<string, unknown>) => Promise<object>>, api: string) {
  return async (operation: string, request: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
    if (handler === undefined) throw new Error(`no ${api} operation ${operation}`);
    return (await handler(request)) as Record<string, unknown>;
  };
}

/** Polls the S3 notification queue, if one is given; the function that stops it. */
function startQueueSource(options: TriggersOptions, deps: EventsDeps, rules: RuleCache, log: Logger) {
  const queueUrl = options.s3EventsQueue;
  if (queueUrl === undefined) return () => Promise.resolve();
  if (options.aws === undefined) throw new UsageError('--s3-events-queue needs --aws-endpoint or --aws-region'); // checked by triggerOptionsFrom
  const stop = new AbortController();
  const client = sqsClient(options.aws);
  const running = runS3QueueSource({ client, queueUrl, deps, rules, log }, stop.signal);
  return async () => {
    stop.abort();
    await running;
    client.destroy();
  };
}

/** Reads the pipes' queues (through --aws-endpoint or AWS); pipes wait for that when neither is configured. */
function startPipes(options: TriggersOptions, log: Logger): PipeRunner {
  const aws = options.aws;
  const runner = new PipeRunner({
    triggers: options.triggers,
    ...(aws === undefined ? {} : { sqs: (region: string) => sqsClient(aws, region) }),
    start: pipeStarter(options.api, { requestId: 'pipes' }),
    now: () => Date.now(),
    log,
  });
  runner.kick();
  return runner;
}
