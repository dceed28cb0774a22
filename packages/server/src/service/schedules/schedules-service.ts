// EventBridge Scheduler's schedules: Create/Get/Update/Delete/ListSchedules in the `default` group, targeting
// state machines, each kept with the time it is next due (computed from its expression, time zone, StartDate
// and EndDate) for the scheduler to fire.

import type { ScheduleRecord, TargetRecord } from '../../store/trigger-store.ts';
import { ApiError } from '../errors.ts';
import { pageLimit, type EventsDeps } from '../events/events-context.ts';
import { checkTargetInput } from '../events/input-transform.ts';
import { isTimeZone, nextFireAfter, parseScheduleExpression, ScheduleExpressionError } from './schedule-expression.ts';

export type ScheduleHandler = (request: Record<string, unknown>) => Promise<object>;

const namePattern = /^[0-9a-zA-Z\-_.]{1,64}$/;
const stateMachineArn = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[^:]+(:[^:]+)?$/;

/** A schedule's State member (CreateSchedule's, UpdateSchedule's, ListSchedules' filter); undefined when absent. */
function checkedState(value: unknown): 'ENABLED' | 'DISABLED' | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'ENABLED' || value === 'DISABLED') return value;
  throw invalid('State must be ENABLED or DISABLED.');
}

function invalid(message: string): ApiError {
  return new ApiError('ValidationException', message);
}

function notFound(name: string): ApiError {
  return new ApiError('ResourceNotFoundException', `Schedule ${name} does not exist.`);
}

/** The time a schedule is next due after `after`, within its StartDate and EndDate; undefined when none. */
export function nextDue(schedule: ScheduleRecord, after: number): number | undefined {
  if (schedule.State !== 'ENABLED') return undefined;
  const expression = parseScheduleExpression(schedule.ScheduleExpression);
  const origin = schedule.StartDate ?? schedule.CreationDate;
  const from = expression.kind === 'rate' ? after : Math.max(after, (schedule.StartDate ?? 0) - 1);
  const next = nextFireAfter(expression, from, {
    origin,
    ...(schedule.ScheduleExpressionTimezone === undefined ? {} : { timezone: schedule.ScheduleExpressionTimezone }),
  });
  return next === undefined || (schedule.EndDate !== undefined && next > schedule.EndDate) ? undefined : next;
}

function seconds(value: unknown, member: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw invalid(`${member} must be a timestamp.`);
  return Math.round(value * 1000);
}

/** A schedule from a Create/UpdateSchedule request, checked as AWS checks it. */
function scheduleOf(
  deps: EventsDeps,
  name: string,
  request: Record<string, unknown>,
  created?: number,
): ScheduleRecord {
  if (!namePattern.test(name)) throw invalid(`Schedule name ${name} is not valid.`);
  const group = typeof request.GroupName === 'string' ? request.GroupName : 'default';
  if (group !== 'default') throw new ApiError('ResourceNotFoundException', `Schedule group ${group} does not exist.`);
  const expression = request.ScheduleExpression;
  if (typeof expression !== 'string') throw invalid('ScheduleExpression is required.');
  try {
    parseScheduleExpression(expression);
  } catch (error) {
    if (error instanceof ScheduleExpressionError) throw invalid(error.message);
    throw error;
  }
  const timezone = request.ScheduleExpressionTimezone;
  if (timezone !== undefined && (typeof timezone !== 'string' || !isTimeZone(timezone))) {
    throw invalid(`Invalid ScheduleExpressionTimezone ${JSON.stringify(timezone)}.`);
  }
  const window = request.FlexibleTimeWindow as { Mode?: unknown; MaximumWindowInMinutes?: unknown } | undefined;
  if (window === undefined || (window.Mode !== 'OFF' && window.Mode !== 'FLEXIBLE')) {
    throw invalid('FlexibleTimeWindow with Mode OFF or FLEXIBLE is required.');
  }
  const minutes = window.MaximumWindowInMinutes;
  if (window.Mode === 'FLEXIBLE' && (typeof minutes !== 'number' || minutes < 1 || minutes > 1440)) {
    throw invalid('MaximumWindowInMinutes must be between 1 and 1440 when Mode is FLEXIBLE.');
  }
  const target = checkedTarget(request.Target);
  const state = checkedState(request.State) ?? 'ENABLED';
  const action = request.ActionAfterCompletion ?? 'NONE';
  if (action !== 'NONE' && action !== 'DELETE') throw invalid('ActionAfterCompletion must be NONE or DELETE.');
  const startDate = seconds(request.StartDate, 'StartDate');
  const endDate = seconds(request.EndDate, 'EndDate');
  if (startDate !== undefined && endDate !== undefined && endDate <= startDate) {
    throw invalid('The EndDate must be after the StartDate.');
  }
  const now = deps.now();
  const schedule: ScheduleRecord = {
    GroupName: group,
    Name: name,
    Arn: `arn:aws:scheduler:${deps.region}:${deps.accountId}:schedule/${group}/${name}`,
    ScheduleExpression: expression,
    State: state,
    FlexibleTimeWindow: window as ScheduleRecord['FlexibleTimeWindow'],
    Target: target,
    ActionAfterCompletion: action,
    CreationDate: created ?? now,
    LastModificationDate: now,
    ...(typeof timezone === 'string' ? { ScheduleExpressionTimezone: timezone } : {}),
    ...(startDate === undefined ? {} : { StartDate: startDate }),
    ...(endDate === undefined ? {} : { EndDate: endDate }),
    ...(typeof request.Description === 'string' ? { Description: request.Description } : {}),
  };
  const next = nextDue(schedule, now);
  return next === undefined ? schedule : { ...schedule, nextFire: next };
}

function checkedTarget(value: unknown): TargetRecord {
  if (typeof value !== 'object' || value === null) throw invalid('Target is required.');
  const target = value as Record<string, unknown>;
  if (typeof target.Arn !== 'string' || typeof target.RoleArn !== 'string') {
    throw invalid('Target Arn and RoleArn are required.');
  }
  if (!stateMachineArn.test(target.Arn)) {
    throw invalid(`Stepwise schedules target Step Functions state machines only; ${target.Arn} is not one.`);
  }
  checkTargetInput({ ...target, Id: 'schedule' });
  return { ...target, Id: 'schedule', Arn: target.Arn };
}

/** GetSchedule's answer: dates in epoch seconds, as the REST JSON protocol gives timestamps. */
export function describeSchedule(schedule: ScheduleRecord): object {
  const { CreationDate, LastModificationDate, StartDate, EndDate, Target, ...rest } = schedule;
  const described: Record<string, unknown> = { ...rest };
  delete described.nextFire;
  const target: Record<string, unknown> = { ...Target };
  delete target.Id;
  return {
    ...described,
    Target: target,
    CreationDate: CreationDate / 1000,
    LastModificationDate: LastModificationDate / 1000,
    ...(StartDate === undefined ? {} : { StartDate: StartDate / 1000 }),
    ...(EndDate === undefined ? {} : { EndDate: EndDate / 1000 }),
  };
}

export function scheduleHandlers(deps: EventsDeps): Record<string, ScheduleHandler> {
  const group = (request: Record<string, unknown>) =>
    typeof request.GroupName === 'string' ? request.GroupName : 'default';
  return {
    CreateSchedule: async (request) => {
      const schedule = scheduleOf(deps, String(request.Name), request);
      if (!(await deps.triggers.putSchedule(schedule, false))) {
        throw new ApiError('ConflictException', `Schedule ${schedule.Name} already exists.`);
      }
      return { ScheduleArn: schedule.Arn };
    },
    UpdateSchedule: async (request) => {
      const existing = await deps.triggers.getSchedule(group(request), String(request.Name));
      if (existing === undefined) throw notFound(String(request.Name));
      const schedule = scheduleOf(deps, existing.Name, request, existing.CreationDate);
      await deps.triggers.putSchedule(schedule, true);
      return { ScheduleArn: schedule.Arn };
    },
    GetSchedule: async (request) => {
      const schedule = await deps.triggers.getSchedule(group(request), String(request.Name));
      if (schedule === undefined) throw notFound(String(request.Name));
      return describeSchedule(schedule);
    },
    DeleteSchedule: async (request) => {
      if (!(await deps.triggers.deleteSchedule(group(request), String(request.Name))))
        throw notFound(String(request.Name));
      return {};
    },
    ListSchedules: async (request) => {
      const limit = pageLimit(request, 'MaxResults');
      // Checked: a misspelt state filter would list nothing, which looks like no schedules at all.
      const state = checkedState(request.State);
      const filter = {
        ...(typeof request.GroupName === 'string' ? { group: request.GroupName } : {}),
        ...(typeof request.NamePrefix === 'string' ? { prefix: request.NamePrefix } : {}),
        ...(state === undefined ? {} : { state }),
      };
      const after = typeof request.NextToken === 'string' ? { after: request.NextToken } : {};
      const page = await deps.triggers.listSchedules(filter, { limit, ...after });
      return {
        Schedules: page.items.map((s) => ({
          Arn: s.Arn,
          Name: s.Name,
          GroupName: s.GroupName,
          State: s.State,
          CreationDate: s.CreationDate / 1000,
          LastModificationDate: s.LastModificationDate / 1000,
          Target: { Arn: s.Target.Arn },
        })),
        ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
      };
    },
  };
}
