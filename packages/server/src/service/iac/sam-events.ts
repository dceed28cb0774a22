// The SAM `Events` of a state machine, as the rules and schedules SAM generates for them: Schedule,
// EventBridgeRule and CloudWatchEvent become an EventBridge rule targeting the machine, ScheduleV2 a Scheduler
// schedule, Api and HttpApi an HTTP start route. The events of functions are not loaded: each is reported with
// the reason.

import { Unresolved } from './intrinsics.ts';
import type { ResourceContext } from './resource-context.ts';
import { defined, epochSeconds, pick, type LoadedTrigger } from './trigger-plan.ts';

type Request = Record<string, unknown>;

/** One SAM event of the state machine in `context`, named `name`. */
export function samEventPlan(context: ResourceContext, name: string, event: unknown): LoadedTrigger {
  const { Type: kind, Properties: raw } = (event ?? {}) as { Type?: unknown; Properties?: unknown };
  const props = (context.resolver.resolve(raw) ?? {}) as Request;
  const logicalId = `${context.logicalId}${name}`;
  switch (kind) {
    case 'Schedule':
      return samRule(context, logicalId, props, { ScheduleExpression: props.Schedule });
    case 'EventBridgeRule':
    case 'CloudWatchEvent':
      return samRule(context, logicalId, props, {
        EventPattern: props.Pattern === undefined ? undefined : JSON.stringify(props.Pattern),
        EventBusName: props.EventBusName,
      });
    case 'ScheduleV2':
      return samSchedule(context, logicalId, props);
    case 'Api':
    case 'HttpApi':
      return samRoute(context, logicalId, props);
    default:
      throw new Unresolved(`SAM events of type ${JSON.stringify(kind)} are not loaded`);
  }
}

function samRule(context: ResourceContext, logicalId: string, props: Request, source: Request): LoadedTrigger {
  const enabled = props.Enabled === false ? 'DISABLED' : undefined;
  const rule = defined({
    Name: props.Name ?? props.RuleName ?? logicalId,
    ...source,
    State: props.State ?? enabled,
    Description: props.Description,
  });
  const target = defined({
    Id: typeof props.Target === 'object' ? (props.Target as Request).Id : `${logicalId}StepFunctionsTarget`,
    Arn: context.resolver.namesOf(context.logicalId).ref,
    RoleArn: eventRole(context, logicalId),
    ...pick(props, ['Input', 'InputPath', 'InputTransformer', 'RetryPolicy', 'DeadLetterConfig']),
  });
  return { kind: 'rule', logicalId, rule, targets: [target] };
}

function samSchedule(context: ResourceContext, logicalId: string, props: Request): LoadedTrigger {
  const schedule: Request = defined({
    Name: props.Name ?? logicalId,
    ...pick(props, ['GroupName', 'ScheduleExpression', 'ScheduleExpressionTimezone', 'State', 'Description']),
    FlexibleTimeWindow: props.FlexibleTimeWindow ?? { Mode: 'OFF' },
    Target: defined({
      Arn: context.resolver.namesOf(context.logicalId).ref,
      RoleArn: props.RoleArn ?? eventRole(context, logicalId),
      ...pick(props, ['Input', 'RetryPolicy', 'DeadLetterConfig']),
    }),
  });
  for (const member of ['StartDate', 'EndDate']) {
    if (props[member] !== undefined) schedule[member] = epochSeconds(props[member], `${logicalId}.${member}`);
  }
  return { kind: 'schedule', logicalId, schedule };
}

/**
 * An Api or HttpApi event: the API Gateway route SAM makes, which starts the machine with the request body
 * (StartExecution, whatever the machine's type), as an HTTP start route; AWS_IAM when the event's Auth says so.
 */
function samRoute(context: ResourceContext, logicalId: string, props: Request): LoadedTrigger {
  const { Path: path, Method: method } = props;
  if (typeof path !== 'string' || typeof method !== 'string') {
    throw new Unresolved('an Api/HttpApi event needs Path and Method');
  }
  const auth = (props.Auth ?? {}) as Request;
  const iam = auth.Authorizer === 'AWS_IAM' || auth.AuthorizationType === 'AWS_IAM';
  const stateMachine = context.resolver.namesOf(context.logicalId).ref;
  const route = { method: method.toUpperCase(), path, stateMachine, authorization: iam ? 'AWS_IAM' : 'NONE' } as const;
  return { kind: 'route', logicalId, route };
}

/** SAM creates a role for each event; locally it is only a name (roles are not enforced). */
function eventRole(context: ResourceContext, logicalId: string): string {
  const { partition, accountId } = context.resolver.scope;
  return `arn:${partition}:iam::${accountId}:role/${logicalId}Role`;
}
