// Wires the triggers into `serve`: the EventBridge API and the S3 notification webhook on the server's port,
// an SQS queue of S3 notifications when one is given, over the TriggerStore of the server's store, and the
// delivery worker that starts executions through the Step Functions API.

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { eventsHttpService } from '../http/events-http.ts';
import type { HttpService } from '../http/http-service.ts';
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
import { SchedulerLoop } from '../service/schedules/scheduler.ts';
import { scheduleHandlers } from '../service/schedules/schedules-service.ts';
import type { TriggerApis } from '../service/iac/apply-triggers.ts';
import type { TriggerStore } from '../store/trigger-store.ts';
import { UsageError } from './args.ts';
import type { TriggerServeOptions } from './trigger-options.ts';

export interface TriggersOptions extends TriggerServeOptions {
  triggers: TriggerStore;
  api: StepFunctionsApi;
  log: Logger;
  region: string;
  accountId: string;
  aws?: AwsConfig;
  /** Signature and permission checks (serve --auth), as for the Step Functions API. */
  auth?: RequestAuth;
}

export interface RunningTriggers {
  services: HttpService[];
  /** The EventBridge and Scheduler APIs in process (`serve --load` puts a template's triggers through them). */
  apis: TriggerApis;
  close(): Promise<void>;
}

export function startTriggers(options: TriggersOptions): RunningTriggers {
  const log = options.log.child({ component: 'triggers' });
  const worker = new DeliveryWorker({
    triggers: options.triggers,
    start: startDelivery(options.api, { requestId: 'triggers', log }),
    ...(options.aws === undefined ? {} : { sendDeadLetter: deadLetterSender(options.aws) }),
    now: () => Date.now(),
    owner: randomUUID(),
    log,
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
  const rules = new RuleCache(options.triggers);
  const events = createEventsService(deps, rules);
  worker.kick();
  const scheduler = new SchedulerLoop({ deps, log });
  scheduler.start();
  const sources = startQueueSource(options, deps, rules, log);
  const schedules = scheduleHandlers(deps);
  const apis: TriggerApis = {
    events: async (operation, request) => (await events.call(operation, request)) as Record<string, unknown>,
    scheduler: async (operation, request) => {
      const handler = Object.hasOwn(schedules, operation) ? schedules[operation] : undefined;
      if (handler === undefined) throw new Error(`no Scheduler operation ${operation}`);
      return (await handler(request)) as Record<string, unknown>;
    },
  };
  const webhook = s3WebhookService({
    ...(options.s3WebhookSecret === undefined ? {} : { secret: options.s3WebhookSecret }),
    put: (body) => putS3Notification(deps, rules, body),
    log,
  });
  return {
    services: [
      eventsHttpService(events, log, options.auth),
      schedulerHttpService(schedules, log, options.auth),
      webhook,
    ],
    apis,
    close: async () => {
      await scheduler.close();
      await sources();
      await worker.close();
    },
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
