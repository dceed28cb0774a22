// The triggers on a server's port, over the composition root's running trigger workers: the EventBridge,
// Scheduler and Pipes APIs, the S3 notification webhook, the HTTP start routes, the console's triggers page,
// and `Stepwise.*` (template records and routes, for `stepwise load`).

import type { Logger } from 'pino';
import type { StepFunctionsApi } from '../service/api.ts';
import type { TargetApi } from '../service/cloudwatch-logs/logs-service.ts';
import { putS3Notification } from '../service/events/s3-notifications.ts';
import { createTemplateApi } from '../service/iac/template-api.ts';
import { accountTriggerStore } from '../service/trigger-accounts.ts';
import type { TriggerWorkers } from '../service/trigger-workers.ts';
import { triggersOverview } from '../service/triggers-overview.ts';
import type { TemplateRecords } from '../store/template-records.ts';
import type { TriggerStore } from '../store/trigger-store.ts';
import type { ConsoleSessions } from './console-session.ts';
import { consoleTriggersService } from './console-triggers-http.ts';
import { eventsHttpService } from './events-http.ts';
import type { HttpService } from './http-service.ts';
import { pipesHttpService } from './pipes-http.ts';
import type { RequestAuth } from './request-auth.ts';
import { routesHttpService } from './routes-http.ts';
import { s3WebhookService } from './s3-webhook-http.ts';
import { schedulerHttpService } from './scheduler-http.ts';

export interface ServerTriggerOptions {
  workers: TriggerWorkers;
  triggers: TriggerStore;
  templates: TemplateRecords;
  api: StepFunctionsApi;
  accountId: string;
  log: Logger;
  /** Signature and permission checks (serve --auth), as for the Step Functions API. */
  auth?: RequestAuth;
  /** The console's sessions (with --auth): the console's route changes carry one. */
  sessions?: ConsoleSessions;
  /** The S3 notification webhook's shared secret (`serve --s3-webhook-secret`). */
  s3WebhookSecret?: string;
}

/** The APIs and endpoints on the server's port, in the order they claim requests. */
export function serverTriggerServices(options: ServerTriggerOptions): HttpService[] {
  const { workers, auth, accountId } = options;
  const log = options.log.child({ component: 'triggers' });
  const apis = workers.accountApis;
  const routes = workers.consoleRoutes;
  return [
    eventsHttpService((account) => apis(account).events, log, auth),
    schedulerHttpService((account) => apis(account).scheduler, log, auth),
    pipesHttpService((account) => apis(account).pipes, log, auth),
    s3WebhookService({
      ...(options.s3WebhookSecret === undefined ? {} : { secret: options.s3WebhookSecret }),
      put: (body) => putS3Notification(workers.deps, workers.rules, body),
      log,
    }),
    routesHttpService({ table: workers.routes, api: options.api, log, auth }),
    consoleTriggersService({
      overview: (account) => {
        const own = account === undefined || account === accountId ? undefined : account;
        return triggersOverview(accountTriggerStore(options.triggers, own), routes.list(account), Date.now());
      },
      routes,
      log,
      auth,
      sessions: options.sessions,
    }),
  ];
}

/** `Stepwise.*`: which template made which resource, and the console's routes, for loads. */
export function templateApi(options: Pick<ServerTriggerOptions, 'workers' | 'templates' | 'accountId'>): TargetApi {
  const { workers, templates, accountId } = options;
  return createTemplateApi({ records: templates, routes: workers.consoleRoutes, account: accountId });
}
