// PutEvents: each entry becomes an event (AWS's envelope), is matched against the enabled rules of its bus, and
// every matching target gets a delivery, all committed in one transaction before the answer; the delivery
// worker starts the executions. TestEventPattern matches one event without delivering it.

import type { DeliveryRecord, RuleRecord, TargetRecord } from '../../store/trigger-store.ts';
import { compilePatternText, matchesPattern } from './event-pattern.ts';
import type { RuleCache } from './rule-cache.ts';
import { busName, requiredString, validation, type EventsDeps, type EventsHandler } from './events-context.ts';
import { targetInput } from './input-transform.ts';

export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

type Entry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** AWS's event time: ISO 8601 to the second. */
export function eventTime(millis: number): string {
  return new Date(millis).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function entryError(code: string, message: string): Entry {
  return { ErrorCode: code, ErrorMessage: message };
}

/** The event an entry describes, or the failed entry AWS answers for it. */
function toEvent(deps: EventsDeps, entry: Record<string, unknown>): BusEvent | Entry {
  for (const member of ['Source', 'DetailType', 'Detail']) {
    if (typeof entry[member] !== 'string' || entry[member] === '') {
      return entryError(
        'InvalidArgument',
        `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
      );
    }
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail as string);
  } catch {
    return entryError('MalformedDetail', 'Detail is malformed.');
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return entryError('MalformedDetail', 'Detail is malformed.');
  }
  const time = typeof entry.Time === 'number' ? entry.Time * 1000 : deps.now();
  const resources = Array.isArray(entry.Resources) ? entry.Resources.filter((r) => typeof r === 'string') : [];
  return {
    version: '0',
    id: deps.uuid(),
    'detail-type': entry.DetailType as string,
    source: entry.Source as string,
    account: deps.accountId,
    time: eventTime(time),
    region: deps.region,
    resources,
    detail,
  };
}

/** The deliveries a rule's targets get for one event. */
export function deliveriesFor(
  deps: EventsDeps,
  rule: RuleRecord,
  targets: readonly TargetRecord[],
  event: BusEvent,
): DeliveryRecord[] {
  const context = { ruleArn: rule.arn, ruleName: rule.name, ingestionTime: eventTime(deps.now()) };
  return targets.map((target) =>
    newDelivery(deps, `rule/${rule.eventBusName}/${rule.name}`, target, event, targetInput(target, event, context)),
  );
}

export function newDelivery(
  deps: EventsDeps,
  source: string,
  target: TargetRecord,
  event: { id: string },
  input: string,
): DeliveryRecord {
  const policy = (target.RetryPolicy ?? {}) as { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  const deadLetter = (target.DeadLetterConfig as { Arn?: string } | undefined)?.Arn;
  const now = deps.now();
  return {
    id: deps.uuid(),
    source,
    targetId: target.Id,
    stateMachineArn: target.Arn,
    input,
    eventId: event.id,
    attempts: 0,
    dueAt: now,
    createdAt: now,
    maximumRetryAttempts: policy.MaximumRetryAttempts ?? 185,
    maximumEventAgeSeconds: policy.MaximumEventAgeInSeconds ?? 86400,
    ...(deadLetter === undefined ? {} : { deadLetterArn: deadLetter }),
  };
}

/** Puts events on their buses: matched and their deliveries committed before it resolves. */
export async function putBusEvents(
  deps: EventsDeps,
  rules: RuleCache,
  events: readonly { bus: string; event: BusEvent }[],
): Promise<void> {
  const deliveries: DeliveryRecord[] = [];
  for (const { bus, event } of events) {
    for (const { rule, targets, pattern } of await rules.activeRules(bus)) {
      if (matchesPattern(pattern, event)) {
        deliveries.push(...deliveriesFor(deps, rule, targets, event));
      }
    }
  }
  if (deliveries.length === 0) return;
  await deps.triggers.addDeliveries(deliveries);
  deps.deliveriesAdded();
}

/** AWS's PutEvents limit on the entries' size, counted as AWS documents it (see entrySize). */
const maxEntriesBytes = 256 * 1024;

/** An entry's size as AWS counts it: Time 14 bytes when given, then Source, DetailType, Detail and Resources in UTF-8. */
function entrySize(entry: Record<string, unknown>): number {
  const text = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);
  const resources = Array.isArray(entry.Resources) ? entry.Resources.reduce((sum: number, r) => sum + text(r), 0) : 0;
  return (
    (entry.Time === undefined ? 0 : 14) + text(entry.Source) + text(entry.DetailType) + text(entry.Detail) + resources
  );
}

export function putEventsHandlers(deps: EventsDeps, rules: RuleCache): Record<string, EventsHandler> {
  return {
    PutEvents: async (request) => {
      const entries = request.Entries;
      if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) {
        const bound =
          Array.isArray(entries) && entries.length > 10 ? 'less than or equal to 10' : 'greater than or equal to 1';
        throw validation(
          `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
        );
      }
      const size = (entries as Record<string, unknown>[]).reduce((sum, entry) => sum + entrySize(entry), 0);
      if (size > maxEntriesBytes) throw validation('Total size of the entries in the request is over the limit.');
      const answers: Entry[] = [];
      const accepted: { bus: string; event: BusEvent }[] = [];
      for (const entry of entries as Record<string, unknown>[]) {
        const event = toEvent(deps, entry);
        const bus = busName(entry.EventBusName);
        if ('EventId' in event || 'ErrorCode' in event) answers.push(event);
        else if (bus !== 'default' && (await deps.triggers.getEventBus(bus)) === undefined) {
          answers.push(entryError('ResourceNotFoundException', `Event bus ${bus} does not exist.`));
        } else {
          accepted.push({ bus, event });
          answers.push({ EventId: event.id });
        }
      }
      await putBusEvents(deps, rules, accepted);
      return { FailedEntryCount: answers.filter((a) => 'ErrorCode' in a).length, Entries: answers };
    },
    // eslint-disable-next-line @typescript-eslint/require-await -- a throw becomes a rejection
    TestEventPattern: async (request) => {
      const pattern = compilePatternText(requiredString(request, 'EventPattern'));
      let event: unknown;
      try {
        event = JSON.parse(requiredString(request, 'Event'));
      } catch {
        throw validation('Parameter Event is not valid.');
      }
      const envelope = ['id', 'account', 'source', 'time', 'region', 'detail-type'];
      if (typeof event !== 'object' || event === null || !envelope.every((member) => member in event)) {
        throw validation('Parameter Event is not valid.');
      }
      return { Result: matchesPattern(pattern, event) };
    },
  };
}
