// Rules with a ScheduleExpression: at each due time (rate() from the rule's creation, cron() in UTC) every
// target gets the `Scheduled Event` EventBridge sends, committed as deliveries under a fire key, so each due
// time fires once across nodes. Due times before this process started checking are not fired.

import { deliveriesFor, eventTime } from '../events/put-events.ts';
import type { EventsDeps } from '../events/events-context.ts';
import { ownerOf } from '../trigger-accounts.ts';
import { nextFireAfter, parseScheduleExpression } from './schedule-expression.ts';

export class ScheduledRules {
  /** Per rule ARN, the time up to which its due times were handled. */
  private readonly checked = new Map<string, number>();

  constructor(
    private readonly deps: EventsDeps,
    private readonly startedAt = deps.now(),
  ) {}

  /** Fires every rule due since the last call; how many fires were committed. */
  async fireDue(): Promise<number> {
    const now = this.deps.now();
    let fired = 0;
    for (const { rule, targets } of await this.deps.triggers.scheduledRules()) {
      const expression = parseScheduleExpression(rule.scheduleExpression ?? '');
      let from = this.checked.get(rule.arn) ?? Math.max(this.startedAt, rule.createdAt);
      let due: number | undefined;
      for (let next = nextFireAfter(expression, from, { origin: rule.createdAt }); next !== undefined && next <= now;) {
        due = next;
        from = next;
        next = nextFireAfter(expression, from, { origin: rule.createdAt });
      }
      this.checked.set(rule.arn, Math.max(from, now));
      if (due === undefined) continue;
      const event = {
        version: '0' as const,
        id: this.deps.uuid(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: ownerOf(rule.eventBusName) ?? this.deps.accountId,
        time: eventTime(due),
        region: this.deps.region,
        resources: [rule.arn],
        detail: {},
      };
      const key = `rule/${rule.eventBusName}/${rule.name}/${String(due)}`;
      if (await this.deps.triggers.addDeliveries(deliveriesFor(this.deps, rule, targets, event), key)) fired++;
    }
    if (fired > 0) this.deps.deliveriesAdded();
    return fired;
  }
}
