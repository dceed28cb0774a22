// Applies a load plan through the Step Functions API (in process or on a running server): each state machine
// is created, or updated in place when it exists (definition, role, logging, tracing, then its tags), each
// activity created. A machine whose type changed is reported: AWS cannot change a type in place either.

import { ApiError } from '../errors.ts';
import type { LoadedStateMachine } from './state-machine-plan.ts';
import type { LoadPlan, LoadProblem } from './load-plan.ts';
import { applyTriggers, type AppliedResource, type TriggerApis } from './apply-triggers.ts';
import type { CallApi } from './call-api.ts';
import { findArn } from './remove-resources.ts';

/** One API call: the operation's name and request, its response, or a thrown error with the AWS name. */
export type { CallApi } from './call-api.ts';

export interface ApplyResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  activities: string[];
  /** Rules and schedules put, by ARN. */
  triggers: string[];
  problems: LoadProblem[];
  /** Every resource put, and whether this load created it (what a template owns: template-ownership.ts). */
  applied: AppliedResource[];
}

/** `triggers`: the EventBridge and Scheduler APIs; without them, a plan's triggers are reported not loaded. */
export async function applyPlan(plan: LoadPlan, call: CallApi, triggers?: TriggerApis): Promise<ApplyResult> {
  const result: ApplyResult = {
    ...{ created: [], updated: [], unchanged: [], activities: [], triggers: [], problems: [] },
    applied: [],
  };
  for (const machine of plan.stateMachines) {
    try {
      await applyStateMachine(machine, call, result);
    } catch (error) {
      result.problems.push({
        stack: '',
        logicalId: machine.logicalId,
        type: 'AWS::StepFunctions::StateMachine',
        reason: errorText(error),
      });
    }
  }
  for (const activity of plan.activities) {
    try {
      // CreateActivity answers an existing activity's ARN too: whether it was there is asked first.
      const existed = (await findArn(call, activityList, activity.name)) !== undefined;
      const response = await call('CreateActivity', { name: activity.name, tags: activity.tags });
      result.activities.push(String(response.activityArn));
      result.applied.push({ kind: 'activity', key: activity.name, logicalId: activity.logicalId, created: !existed });
    } catch (error) {
      result.problems.push({
        stack: '',
        logicalId: activity.logicalId,
        type: 'AWS::StepFunctions::Activity',
        reason: errorText(error),
      });
    }
  }
  // After the machines: a rule's target must name a machine that exists.
  const applied = await applyTriggers(plan.triggers, triggers, errorText);
  result.triggers.push(...applied.arns);
  result.problems.push(...applied.problems);
  result.applied.push(...applied.applied);
  return result;
}

async function applyStateMachine(machine: LoadedStateMachine, call: CallApi, result: ApplyResult): Promise<void> {
  const settings = {
    definition: machine.definition,
    roleArn: machine.roleArn,
    ...(machine.loggingConfiguration === undefined ? {} : { loggingConfiguration: machine.loggingConfiguration }),
    ...(machine.tracingConfiguration === undefined ? {} : { tracingConfiguration: machine.tracingConfiguration }),
  };
  const existing = await describe(call, machine.name);
  if (existing === undefined) {
    const created = await call('CreateStateMachine', {
      name: machine.name,
      type: machine.type,
      ...settings,
      tags: machine.tags,
    });
    result.created.push(String(created.stateMachineArn));
    result.applied.push({ kind: 'state-machine', key: machine.name, logicalId: machine.logicalId, created: true });
    return;
  }
  const arn = String(existing.stateMachineArn);
  if (existing.type !== machine.type) {
    throw new Error(
      `${arn} is ${String(existing.type)}, the template says ${machine.type}: delete it to change its type`,
    );
  }
  // DescribeStateMachine gives no revisionId before a machine's first update (as AWS), so what the template
  // says is compared with what the machine has; only a difference is an update.
  const same = Object.entries(settings).every(
    ([key, value]) => JSON.stringify(existing[key]) === JSON.stringify(value),
  );
  if (!same) await call('UpdateStateMachine', { stateMachineArn: arn, ...settings });
  if (machine.tags.length > 0) await call('TagResource', { resourceArn: arn, tags: machine.tags });
  (same ? result.unchanged : result.updated).push(arn);
  result.applied.push({ kind: 'state-machine', key: machine.name, logicalId: machine.logicalId, created: false });
}

const activityList = { list: 'ListActivities', member: 'activities', arnMember: 'activityArn' };
const machineList = { list: 'ListStateMachines', member: 'stateMachines', arnMember: 'stateMachineArn' };

/** The machine of that name, found by listing (its ARN depends on the server's region and account). */
async function describe(call: CallApi, name: string): Promise<Record<string, unknown> | undefined> {
  const arn = await findArn(call, machineList, name);
  return arn === undefined ? undefined : call('DescribeStateMachine', { stateMachineArn: arn });
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return `${error.type}: ${error.message}`;
  if (error instanceof Error) return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}
