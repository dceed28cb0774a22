// The EventBridge, Scheduler and Pipes operations of each account, made once per account: each over the
// account's view of the TriggerStore and building ARNs in that account, so one account's callers see and touch
// only its own buses, rules, schedules and pipes.

import type { EventsDeps, EventsHandler } from './events/events-context.ts';
import { createEventsService, type EventsApi } from './events/events-service.ts';
import { RuleCache } from './events/rule-cache.ts';
import { pipeHandlers } from './pipes/pipes-service.ts';
import { scheduleHandlers, type ScheduleHandler } from './schedules/schedules-service.ts';
import { accountTriggerStore } from './trigger-accounts.ts';
import type { TriggerStore } from '../store/trigger-store.ts';

export interface AccountTriggerApis {
  events: EventsApi;
  scheduler: Record<string, ScheduleHandler>;
  pipes: Record<string, EventsHandler>;
}

/**
 * `server`: the server account's deps and rule cache; `pipesChanged` wakes the pipe runner.
 * The function answers the APIs of an account (the server's for undefined or its own id).
 */
export function accountTriggerApis(
  server: { deps: EventsDeps; rules: RuleCache },
  pipesChanged: () => void,
): (account: string | undefined) => AccountTriggerApis {
  const made = new Map<string, AccountTriggerApis>();
  const build = (deps: EventsDeps, rules: RuleCache): AccountTriggerApis => ({
    events: createEventsService(deps, rules),
    scheduler: scheduleHandlers(deps),
    pipes: pipeHandlers({ ...deps, pipesChanged }),
  });
  return (account) => {
    const key = account ?? server.deps.accountId;
    let apis = made.get(key);
    if (apis === undefined) {
      if (key === server.deps.accountId) {
        // Its names are stored as they are: only its lists need the view (to leave out other accounts').
        apis = build({ ...server.deps, triggers: accountTriggerStore(server.deps.triggers, undefined) }, server.rules);
      } else {
        const triggers = accountTriggerStore(server.deps.triggers, key);
        apis = build({ ...server.deps, triggers, accountId: key }, new RuleCache(triggers, server.deps.now));
      }
      made.set(key, apis);
    }
    return apis;
  };
}

/** The trigger APIs over `triggers` alone: nothing delivers, polls or fires (the conformance targets' use). */
export function triggerApisOver(
  triggers: TriggerStore,
  scope: Pick<EventsDeps, 'region' | 'accountId' | 'now' | 'uuid'>,
): (account: string | undefined) => AccountTriggerApis {
  const deps: EventsDeps = { ...scope, triggers, deliveriesAdded: () => undefined };
  return accountTriggerApis({ deps, rules: new RuleCache(triggers, scope.now) }, () => undefined);
}
