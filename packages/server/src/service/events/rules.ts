// Rules: PutRule (an event pattern or a schedule expression), DescribeRule, ListRules, DeleteRule, EnableRule
// and DisableRule, on the default bus or a custom one.

import type { RuleRecord } from '../../store/trigger-store.ts';
import { compilePatternText } from './event-pattern.ts';
import { existingBus } from './event-buses.ts';
import {
  optionalString,
  pageLimit,
  requiredString,
  ruleArn,
  ruleNamePattern,
  ruleNotFound,
  validation,
  type EventsDeps,
  type EventsHandler,
} from './events-context.ts';
import { checkRuleSchedule } from './rule-schedule.ts';

async function existingRule(deps: EventsDeps, request: Record<string, unknown>): Promise<RuleRecord> {
  const bus = await existingBus(deps, request.EventBusName);
  const name = requiredString(request, 'Name', ruleNamePattern);
  const rule = await deps.triggers.getRule(bus.name, name);
  if (rule === undefined) throw ruleNotFound(bus.name, name);
  return rule;
}

export function describeRule(rule: RuleRecord): object {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventBusName: rule.eventBusName,
    State: rule.state,
    ...(rule.eventPattern === undefined ? {} : { EventPattern: rule.eventPattern }),
    ...(rule.scheduleExpression === undefined ? {} : { ScheduleExpression: rule.scheduleExpression }),
    ...(rule.description === undefined ? {} : { Description: rule.description }),
    ...(rule.roleArn === undefined ? {} : { RoleArn: rule.roleArn }),
  };
}

async function putRule(deps: EventsDeps, request: Record<string, unknown>): Promise<object> {
  const bus = await existingBus(deps, request.EventBusName);
  const name = requiredString(request, 'Name', ruleNamePattern);
  const eventPattern = optionalString(request, 'EventPattern');
  const scheduleExpression = optionalString(request, 'ScheduleExpression');
  if (eventPattern === undefined && scheduleExpression === undefined) {
    throw validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
  }
  if (eventPattern !== undefined) compilePatternText(eventPattern);
  if (scheduleExpression !== undefined) {
    if (bus.name !== 'default') throw validation('ScheduleExpression is supported only on the default event bus.');
    checkRuleSchedule(scheduleExpression);
  }
  const state = optionalString(request, 'State') ?? 'ENABLED';
  if (state !== 'ENABLED' && state !== 'DISABLED') {
    throw validation(
      `1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`,
    );
  }
  const optional: Partial<RuleRecord> = {};
  if (eventPattern !== undefined) optional.eventPattern = eventPattern;
  if (scheduleExpression !== undefined) optional.scheduleExpression = scheduleExpression;
  const description = optionalString(request, 'Description');
  if (description !== undefined) optional.description = description;
  const roleArn = optionalString(request, 'RoleArn');
  if (roleArn !== undefined) optional.roleArn = roleArn;
  const arn = ruleArn(deps, bus.name, name);
  await deps.triggers.putRule({ eventBusName: bus.name, name, arn, state, createdAt: deps.now(), ...optional });
  return { RuleArn: arn };
}

export function ruleHandlers(deps: EventsDeps): Record<string, EventsHandler> {
  const setState = (state: RuleRecord['state']): EventsHandler => {
    return async (request) => {
      const rule = await existingRule(deps, request);
      await deps.triggers.setRuleState(rule.eventBusName, rule.name, state);
      return {};
    };
  };
  return {
    PutRule: (request) => putRule(deps, request),
    DescribeRule: async (request) => describeRule(await existingRule(deps, request)),
    ListRules: async (request) => {
      const bus = await existingBus(deps, request.EventBusName);
      const limit = pageLimit(request, 'Limit');
      const after = optionalString(request, 'NextToken');
      const prefix = optionalString(request, 'NamePrefix');
      const page = await deps.triggers.listRules(bus.name, prefix, {
        limit,
        ...(after === undefined ? {} : { after }),
      });
      return {
        Rules: page.items.map(describeRule),
        ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
      };
    },
    DeleteRule: async (request) => {
      const bus = await existingBus(deps, request.EventBusName);
      const name = requiredString(request, 'Name', ruleNamePattern);
      const outcome = await deps.triggers.deleteRule(bus.name, name, request.Force === true);
      // AWS answers a delete of a rule that is not there with success.
      if (outcome === 'has-targets') throw validation("Rule can't be deleted since it has targets.");
      return {};
    },
    EnableRule: setState('ENABLED'),
    DisableRule: setState('DISABLED'),
  };
}
