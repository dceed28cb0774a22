// Wires the triggers into `serve`: the EventBridge API on the server's port, over the TriggerStore of the
// server's store, and the delivery worker that starts executions through the Step Functions API.

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { HttpService } from '../http/http-service.ts';
import type { RequestAuth } from '../http/request-auth.ts';
import { eventsHttpService } from '../http/events-http.ts';
import type { AwsConfig } from '../runtime/tasks/aws/aws-config.ts';
import type { StepFunctionsApi } from '../service/api.ts';
import { deadLetterSender } from '../service/events/dead-letter.ts';
import { DeliveryWorker } from '../service/events/delivery-worker.ts';
import { createEventsService, startDelivery } from '../service/events/events-service.ts';
import type { TriggerStore } from '../store/trigger-store.ts';

export interface TriggersOptions {
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
  const events = createEventsService({
    triggers: options.triggers,
    region: options.region,
    accountId: options.accountId,
    now: () => Date.now(),
    uuid: () => randomUUID(),
    deliveriesAdded: () => {
      worker.kick();
    },
  });
  worker.kick();
  return {
    services: [eventsHttpService(events, log, options.auth)],
    close: () => worker.close(),
  };
}
