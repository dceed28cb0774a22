// The triggers' background work over a TriggerStore: the delivery worker that starts executions for matched
// events, the schedules' loop, the pipes' queue readers, an SQS queue of S3 notifications, and the HTTP start
// routes' table; with the EventBridge, Scheduler and Pipes APIs whose changes wake them (`serve`'s triggers).

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AwsConfig } from '../runtime/tasks/aws/aws-config.ts';
import type { TriggerStore } from '../store/trigger-store.ts';
import { accountTriggerApis, type AccountTriggerApis } from './account-trigger-apis.ts';
import type { StepFunctionsApi } from './api.ts';
import { deadLetterSender } from './events/dead-letter.ts';
import { DeliveryWorker } from './events/delivery-worker.ts';
import type { EventsDeps } from './events/events-context.ts';
import { createEventsService, startDelivery } from './events/events-service.ts';
import { RuleCache } from './events/rule-cache.ts';
import { runS3QueueSource } from './events/s3-queue-source.ts';
import { sqsClient } from './events/sqs-client.ts';
import type { TriggerApis } from './iac/apply-triggers.ts';
import { PipeRunner } from './pipes/pipe-runner.ts';
import { pipeStarter } from './pipes/pipe-target.ts';
import { pipeHandlers } from './pipes/pipes-service.ts';
import { consoleRoutes, type ConsoleRoutes } from './routes/console-routes.ts';
import type { HttpRoute } from './routes/route-definition.ts';
import { RouteTable } from './routes/route-table.ts';
import { SchedulerLoop } from './schedules/scheduler.ts';
import { scheduleHandlers } from './schedules/schedules-service.ts';

/** What the workers need beyond the store and the API: where they log, AWS for queues and dead letters. */
export interface TriggerWorkerSettings {
  log: Logger;
  aws?: AwsConfig;
  /** How long a claimed delivery stays this node's (--lease-seconds): after a crash, it waits this long. */
  leaseMillis?: number;
  /** HTTP start routes (`serve --routes FILE`). */
  routes?: HttpRoute[];
  /** A queue URL of S3 notifications, read through `aws` (`serve --s3-events-queue`). */
  s3EventsQueue?: string;
}

export interface TriggerWorkersOptions extends TriggerWorkerSettings {
  triggers: TriggerStore;
  /** Where deliveries and pipes start their executions. */
  api: StepFunctionsApi;
  region: string;
  accountId: string;
}

export interface TriggerWorkers {
  /** The server account's trigger dependencies (the S3 webhook puts notifications through them). */
  deps: EventsDeps;
  rules: RuleCache;
  /** The HTTP start routes (the console adds and removes its own). */
  routes: RouteTable;
  /** The console's operations on those routes. */
  consoleRoutes: ConsoleRoutes;
  /** An account's trigger APIs, whose changes wake the workers (the HTTP edges serve them). */
  accountApis: (account: string | undefined) => AccountTriggerApis;
  /** The server account's APIs in process (`serve --load` puts a template's triggers through them). */
  apis: TriggerApis;
  start(): void;
  close(): Promise<void>;
}

/** The workers, built; `start` sets them going (the composition root's start), `close` stops them. */
export function triggerWorkers(options: TriggerWorkersOptions): TriggerWorkers {
  const log = options.log.child({ component: 'triggers' });
  const { worker, deps } = deliveries(options, log);
  const rules = new RuleCache(options.triggers);
  const scheduler = new SchedulerLoop({ deps, log });
  const pipes = pipeRunner(options, log);
  const routes = new RouteTable(options.routes ?? [], options.triggers, log);
  const scope = { region: options.region, account: options.accountId };
  const pipesChanged = (): void => {
    pipes.kick();
  };
  let stopQueue = (): Promise<void> => Promise.resolve();
  const ownRoutes = consoleRoutes(routes, options.triggers, scope);
  return {
    ...{ deps, rules, routes, consoleRoutes: ownRoutes },
    accountApis: accountTriggerApis({ deps, rules }, pipesChanged),
    apis: { ...inProcessApis(deps, rules, pipesChanged), routes: ownRoutes },
    start: () => {
      worker.kick();
      scheduler.start();
      stopQueue = startQueueSource(options, deps, rules, log);
      pipes.kick();
      routes.start();
    },
    close: async () => {
      await scheduler.close();
      await stopQueue();
      await pipes.close();
      routes.stop();
      await worker.close();
    },
  };
}

/** The delivery worker, and what the trigger services need to commit deliveries and wake it. */
function deliveries(options: TriggerWorkersOptions, log: Logger): { worker: DeliveryWorker; deps: EventsDeps } {
  const worker = new DeliveryWorker({
    triggers: options.triggers,
    start: startDelivery(options.api, { requestId: 'triggers' }),
    ...(options.aws === undefined ? {} : { sendDeadLetter: deadLetterSender(options.aws) }),
    now: () => Date.now(),
    owner: randomUUID(),
    log,
    ...(options.leaseMillis === undefined ? {} : { leaseMillis: options.leaseMillis }),
  });
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

/** The same services the HTTP edge calls, called in process with AWS's operation names and request shapes. */
function inProcessApis(deps: EventsDeps, rules: RuleCache, pipesChanged: () => void): TriggerApis {
  const events = createEventsService(deps, rules);
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
function startQueueSource(options: TriggerWorkersOptions, deps: EventsDeps, rules: RuleCache, log: Logger) {
  const queueUrl = options.s3EventsQueue;
  if (queueUrl === undefined) return () => Promise.resolve();
  // The command line refuses a queue without AWS (trigger-options.ts): this is a caller's bug.
  if (options.aws === undefined) throw new Error('an S3 events queue needs an AWS configuration to read it');
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
function pipeRunner(options: TriggerWorkersOptions, log: Logger): PipeRunner {
  const aws = options.aws;
  return new PipeRunner({
    triggers: options.triggers,
    ...(aws === undefined ? {} : { sqs: (region: string) => sqsClient(aws, region) }),
    start: pipeStarter(options.api, { requestId: 'pipes' }),
    now: () => Date.now(),
    log,
  });
}
