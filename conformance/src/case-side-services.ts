// What `serve` runs beside the APIs, composed for a case on its virtual clock (service/trigger-workers.ts does it for
// `serve`): the EventBridge delivery worker and the S3 notification queue (`server.s3EventsQueue`, on moto), both
// run at each Advance; the S3 notification webhook (`server.s3WebhookSecret`), the HTTP start routes
// (`server.routes`), the console's triggers endpoints (its delivery log, its route changes) and the console's
// GET endpoints (its metrics page's data, its window ending at the case's clock), served on the case's server.

import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { pino } from 'pino';
import {
  consoleRoutes,
  consoleTriggersService,
  createConsoleHandler,
  deadLetterSender,
  DeliveryWorker,
  parseRoutesFile,
  pollS3Queue,
  putS3Notification,
  RouteTable,
  routesHttpService,
  RuleCache,
  s3WebhookService,
  startDelivery,
  triggersOverview,
  type ConsoleHandler,
  type HttpService,
  type ManualClock,
  type RequestAuth,
  type Stepwise,
  type Store,
  type TriggerStore,
} from 'stepwise';
import { awsClientConfig } from './aws-services.ts';
import type { ConformanceCase } from './case.ts';
import { triggersOf } from './case-server.ts';
import { caseAccount, caseRegion } from './case-tasks.ts';

/** What the triggers do when due on the case's clock: the S3 queue's messages, then EventBridge's deliveries. */
export interface CaseDeliveries {
  /** Reads the S3 notification queue once, then performs every delivery due now. */
  drain(): Promise<void>;
  /** When the next delivery (a retry) is due; undefined when none waits. */
  next(): Promise<number | undefined>;
}

export interface CaseSideServices {
  /** The webhook, the routes and the console's triggers endpoints, for the case's server (`listen`'s services). */
  services: HttpService[];
  /** The console's GET endpoints (`listen`'s console). */
  console: ConsoleHandler;
  deliveries: CaseDeliveries;
}

const silent = pino({ enabled: false });
const scope = { region: caseRegion, account: caseAccount };
const consoleDist = fileURLToPath(new URL('../../packages/console/dist', import.meta.url));

/** `auth`: the server's signature checks (an AWS_IAM route takes only signed requests under them). */
export function caseSideServices(
  c: ConformanceCase,
  stepwise: Stepwise,
  store: Store,
  clock: ManualClock,
  auth?: RequestAuth,
): CaseSideServices {
  const triggers = triggersOf(store);
  const now = (): number => clock.now();
  const deps = { triggers, region: caseRegion, accountId: caseAccount, now, uuid: randomUUID, deliveriesAdded: noop };
  const rules = new RuleCache(triggers, now);
  const secret = c.server?.s3WebhookSecret;
  const webhook = s3WebhookService({
    ...(secret === undefined ? {} : { secret }),
    put: (body) => putS3Notification(deps, rules, body),
    log: silent,
  });
  const worker = deliveryWorker(stepwise, triggers, now);
  const queue = c.server?.s3EventsQueue;
  return {
    services: [webhook, ...routeServices(c, stepwise, triggers, clock, auth)],
    console: createConsoleHandler({ api: stepwise.api, log: silent, distDir: consoleDist, now }),
    deliveries: {
      drain: async () => {
        if (queue !== undefined) await pollQueue(queue, { deps, rules });
        await worker.drain();
      },
      next: () => triggers.nextDeliveryTime(),
    },
  };
}

function noop(): void {
  // The case's Advance drains the deliveries: nothing to wake.
}

/** serve's delivery worker on the case's clock, dead letters going to the harness's moto. No kick(): no timers. */
function deliveryWorker(stepwise: Stepwise, triggers: TriggerStore, now: () => number): DeliveryWorker {
  const aws = awsClientConfig();
  return new DeliveryWorker({
    triggers,
    start: startDelivery(stepwise.api, { requestId: 'triggers' }),
    ...(aws === undefined ? {} : { sendDeadLetter: deadLetterSender(aws) }),
    now,
    owner: 'conformance',
    log: silent,
  });
}

/** One batch of the S3 notification queue (a queue of the harness's moto), as `serve --s3-events-queue` reads it. */
async function pollQueue(name: string, parts: Pick<Parameters<typeof pollS3Queue>[0], 'deps' | 'rules'>) {
  const config = awsClientConfig();
  if (config === undefined) throw new Error('server.s3EventsQueue needs an AWS-compatible server: run with --aws');
  const client = new SQSClient({ ...config, maxAttempts: 1 });
  try {
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name }));
    await pollS3Queue({ client, queueUrl: QueueUrl ?? '', ...parts, log: silent }, 0);
  } finally {
    client.destroy();
  }
}

/** The case's routes as `serve --routes` reads its file (the same checks, the same messages), and the console's. */
function routeServices(
  c: ConformanceCase,
  stepwise: Stepwise,
  triggers: TriggerStore,
  clock: ManualClock,
  auth: RequestAuth | undefined,
): HttpService[] {
  const file = c.server?.routes;
  const routes = file === undefined ? [] : parseRoutesFile(JSON.stringify({ routes: file }), c.id, scope);
  const table = new RouteTable(routes, triggers, silent);
  const own = consoleRoutes(table, triggers, scope);
  return [
    routesHttpService({ table, api: stepwise.api, log: silent, auth }),
    consoleTriggersService({
      overview: () => triggersOverview(triggers, own.list(), clock.now()),
      routes: own,
      log: silent,
      auth,
    }),
  ];
}
