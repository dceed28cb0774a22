// Applies a plan's triggers through the EventBridge and Scheduler APIs, as a client would: PutRule then
// PutTargets for a rule (both upsert), CreateSchedule, or UpdateSchedule when the schedule exists.

import type { CallApi } from './apply-plan.ts';
import type { LoadProblem } from './load-plan.ts';
import type { LoadedRule, LoadedSchedule, LoadedTrigger } from './trigger-plan.ts';

/** The two trigger APIs, each called with AWS's operation names and request shapes. */
export interface TriggerApis {
  events: CallApi;
  scheduler: CallApi;
}

/** Each trigger's ARN once applied, or its problem. */
export async function applyTriggers(
  triggers: readonly LoadedTrigger[],
  apis: TriggerApis | undefined,
  errorText: (error: unknown) => string,
): Promise<{ arns: string[]; problems: LoadProblem[] }> {
  const arns: string[] = [];
  const problems: LoadProblem[] = [];
  for (const trigger of triggers) {
    const type = trigger.kind === 'rule' ? 'AWS::Events::Rule' : 'AWS::Scheduler::Schedule';
    try {
      if (apis === undefined) throw new Error('this server does not serve the EventBridge and Scheduler APIs');
      arns.push(trigger.kind === 'rule' ? await applyRule(trigger, apis.events) : await applySchedule(trigger, apis));
    } catch (error) {
      problems.push({ stack: '', logicalId: trigger.logicalId, type, reason: errorText(error) });
    }
  }
  return { arns, problems };
}

async function applyRule(trigger: LoadedRule, events: CallApi): Promise<string> {
  const { RuleArn } = await events('PutRule', trigger.rule);
  if (trigger.targets.length === 0) return String(RuleArn);
  const bus = trigger.rule.EventBusName === undefined ? {} : { EventBusName: trigger.rule.EventBusName };
  const put = await events('PutTargets', { Rule: trigger.rule.Name, ...bus, Targets: trigger.targets });
  const failed = (put.FailedEntries ?? []) as { TargetId?: string; ErrorMessage?: string }[];
  if (failed.length > 0) {
    const reasons = failed.map((entry) => `target ${String(entry.TargetId)}: ${String(entry.ErrorMessage)}`);
    throw new Error(`the rule was created, but not ${reasons.join('; ')}`);
  }
  return String(RuleArn);
}

async function applySchedule(trigger: LoadedSchedule, apis: TriggerApis): Promise<string> {
  try {
    return String((await apis.scheduler('CreateSchedule', trigger.schedule)).ScheduleArn);
  } catch (error) {
    if (!(error instanceof Error) || !/ConflictException/.test(`${error.name} ${describeType(error)}`)) throw error;
    return String((await apis.scheduler('UpdateSchedule', trigger.schedule)).ScheduleArn);
  }
}

/** ApiError carries AWS's name in `type`; an error from a remote call carries it in `name`. */
function describeType(error: Error): string {
  return 'type' in error && typeof error.type === 'string' ? error.type : '';
}
