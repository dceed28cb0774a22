// The EventBridge, Scheduler and Pipes APIs of an in-process server (a conformance target's), for `listen`'s
// `services`: the same HTTP edges `serve` puts on its port, over the composition root's trigger APIs.

import { pino, type Logger } from 'pino';
import type { AccountTriggerApis } from '../service/account-trigger-apis.ts';
import { eventsHttpService } from './events-http.ts';
import type { HttpService } from './http-service.ts';
import { pipesHttpService } from './pipes-http.ts';
import { schedulerHttpService } from './scheduler-http.ts';

/** `apis`: an account's trigger APIs (Stepwise's `triggerApis`); `log`: none when absent. */
export function triggerHttpServices(
  apis: (account: string | undefined) => AccountTriggerApis,
  log: Logger = pino({ enabled: false }),
): HttpService[] {
  return [
    eventsHttpService((account) => apis(account).events, log),
    schedulerHttpService((account) => apis(account).scheduler, log),
    pipesHttpService((account) => apis(account).pipes, log),
  ];
}
