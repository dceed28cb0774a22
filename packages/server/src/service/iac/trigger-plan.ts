// A template's triggers as the EventBridge and Scheduler requests that create them: AWS::Events::Rule (PutRule
// and PutTargets), AWS::Scheduler::Schedule (CreateSchedule), and the SAM Events of a state machine that SAM
// turns into those (Schedule, EventBridgeRule and CloudWatchEvent into rules, ScheduleV2 into a schedule).

import { Unresolved } from './intrinsics.ts';
import type { ResourceContext } from './resource-context.ts';

type Request = Record<string, unknown>;

export interface LoadedRule {
  kind: 'rule';
  logicalId: string;
  /** PutRule's request. */
  rule: Request;
  /** PutTargets' Targets. */
  targets: Request[];
}

export interface LoadedSchedule {
  kind: 'schedule';
  logicalId: string;
  /** CreateSchedule's request, Name included. */
  schedule: Request;
}

export interface LoadedPipe {
  kind: 'pipe';
  logicalId: string;
  /** CreatePipe's request, Name included. */
  pipe: Request;
}

/** An HTTP start route (a SAM Api or HttpApi event), as `serve --routes` and the console take one. */
export interface LoadedRoute {
  kind: 'route';
  logicalId: string;
  route: { method: string; path: string; stateMachine: string; authorization: 'NONE' | 'AWS_IAM' };
}

export type LoadedTrigger = LoadedRule | LoadedSchedule | LoadedPipe | LoadedRoute;

const targetMembers = [
  'Id',
  'Arn',
  'RoleArn',
  'Input',
  'InputPath',
  'InputTransformer',
  'RetryPolicy',
  'DeadLetterConfig',
];
const scheduleMembers = [
  'GroupName',
  'ScheduleExpression',
  'ScheduleExpressionTimezone',
  'FlexibleTimeWindow',
  'State',
  'Description',
  'Target',
];

export function eventsRulePlan(context: ResourceContext): LoadedRule {
  const { logicalId, properties, resolver } = context;
  const pattern = resolver.resolve(properties.EventPattern);
  const rule = defined({
    Name: resolver.namesOf(logicalId).ref,
    EventBusName: resolver.resolve(properties.EventBusName),
    EventPattern: pattern === undefined || typeof pattern === 'string' ? pattern : JSON.stringify(pattern),
    ScheduleExpression: resolver.resolve(properties.ScheduleExpression),
    State: resolver.resolve(properties.State),
    Description: resolver.resolve(properties.Description),
  });
  const targets = resolver.resolve(properties.Targets) ?? [];
  if (!Array.isArray(targets)) throw new Unresolved('Targets must be a list');
  return { kind: 'rule', logicalId, rule, targets: targets.map((target) => pick(target, targetMembers)) };
}

export function schedulePlan(context: ResourceContext): LoadedSchedule {
  const { logicalId, properties, resolver } = context;
  const resolved = resolver.resolve(properties) as Request;
  const schedule: Request = { Name: resolver.namesOf(logicalId).ref, ...pick(resolved, scheduleMembers) };
  for (const member of ['StartDate', 'EndDate']) {
    if (resolved[member] !== undefined) schedule[member] = epochSeconds(resolved[member], `${logicalId}.${member}`);
  }
  return { kind: 'schedule', logicalId, schedule };
}

const pipeMembers = [
  'Source',
  'Target',
  'RoleArn',
  'Description',
  'DesiredState',
  'SourceParameters',
  'TargetParameters',
  'Enrichment',
  'EnrichmentParameters',
];

/** AWS::Pipes::Pipe: its properties are CreatePipe's members (Tags aside). */
export function pipePlan(context: ResourceContext): LoadedPipe {
  const { logicalId, properties, resolver } = context;
  const resolved = resolver.resolve(properties) as Request;
  return { kind: 'pipe', logicalId, pipe: { Name: resolver.namesOf(logicalId).ref, ...pick(resolved, pipeMembers) } };
}

/** The name a trigger is created under. */
export function triggerName(trigger: LoadedTrigger): string {
  if (trigger.kind === 'rule') return String(trigger.rule.Name);
  if (trigger.kind === 'route') return `${trigger.route.method} ${trigger.route.path}`;
  return String(trigger.kind === 'schedule' ? trigger.schedule.Name : trigger.pipe.Name);
}

/** Scheduler's API takes dates as epoch seconds; a template writes them as ISO 8601 text. */
export function epochSeconds(value: unknown, what: string): number {
  const millis = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(millis)) throw new Unresolved(`${what} must be an ISO 8601 date, not ${JSON.stringify(value)}`);
  return millis / 1000;
}

export function pick(value: unknown, members: readonly string[]): Request {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const source = value as Request;
  return defined(Object.fromEntries(members.map((member) => [member, source[member]])));
}

export function defined(request: Request): Request {
  return Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined));
}
