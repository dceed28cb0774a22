// Applies a plan's triggers through the EventBridge, Scheduler and Pipes APIs, as a client would: PutRule then
// PutTargets for a rule (both upsert), CreateSchedule or CreatePipe, or their Update when one exists.

import type { CallApi } from './call-api.ts';
import type { LoadProblem } from './load-plan.ts';
import type { LoadedRoute, LoadedRule, LoadedTrigger } from './trigger-plan.ts';

/** The HTTP start routes a template adds (the console's): add refuses a taken method and path (ConflictException). */
export interface RouteApi {
  add(route: Record<string, unknown>): Promise<unknown>;
  remove(method: string, path: string): Promise<void>;
}

/** The trigger APIs, each called with AWS's operation names and request shapes; routes where served. */
export interface TriggerApis {
  events: CallApi;
  scheduler: CallApi;
  pipes: CallApi;
  routes?: RouteApi;
}

const types = {
  rule: 'AWS::Events::Rule',
  schedule: 'AWS::Scheduler::Schedule',
  pipe: 'AWS::Pipes::Pipe',
  route: 'SAM Api event',
};

/** Each trigger's ARN once applied, or its problem. */
export async function applyTriggers(
  triggers: readonly LoadedTrigger[],
  apis: TriggerApis | undefined,
  errorText: (error: unknown) => string,
): Promise<{ arns: string[]; problems: LoadProblem[] }> {
  const arns: string[] = [];
  const problems: LoadProblem[] = [];
  for (const trigger of triggers) {
    const type = types[trigger.kind];
    try {
      if (apis === undefined) throw new Error('this server does not serve the EventBridge, Scheduler and Pipes APIs');
      arns.push(await applyTrigger(trigger, apis));
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

async function applyRoute(trigger: LoadedRoute, routes: RouteApi | undefined): Promise<string> {
  if (routes === undefined) throw new Error('this server takes no HTTP start routes from here: use serve --load');
  const { method, path } = trigger.route;
  try {
    await routes.add(trigger.route);
  } catch (error) {
    if (!(error instanceof Error) || !/ConflictException/.test(`${error.name} ${describeType(error)}`)) throw error;
    // A reload: the route is put again as the template now has it.
    await routes.remove(method, path);
    await routes.add(trigger.route);
  }
  return `route ${method} ${path}`;
}

async function applyTrigger(trigger: LoadedTrigger, apis: TriggerApis): Promise<string> {
  if (trigger.kind === 'rule') return applyRule(trigger, apis.events);
  if (trigger.kind === 'route') return applyRoute(trigger, apis.routes);
  if (trigger.kind === 'schedule')
    return String((await upsert(apis.scheduler, 'Schedule', trigger.schedule)).ScheduleArn);
  // UpdatePipe takes no Source (a pipe's source cannot change in place, as on AWS).
  const update = Object.fromEntries(Object.entries(trigger.pipe).filter(([member]) => member !== 'Source'));
  return String((await upsert(apis.pipes, 'Pipe', trigger.pipe, update)).Arn);
}

/** Create, or Update when it exists (ConflictException): a reload updates in place. */
async function upsert(call: CallApi, resource: string, request: Record<string, unknown>, update = request) {
  try {
    return await call(`Create${resource}`, request);
  } catch (error) {
    if (!(error instanceof Error) || !/ConflictException/.test(`${error.name} ${describeType(error)}`)) throw error;
    return call(`Update${resource}`, update);
  }
}

/** ApiError carries AWS's name in `type`; an error from a remote call carries it in `name`. */
function describeType(error: Error): string {
  return 'type' in error && typeof error.type === 'string' ? error.type : '';
}

/** What names a trigger on its API: a reload matches the old template's triggers with the new one's by it. */
export function triggerKey(trigger: LoadedTrigger): string {
  const name = (value: unknown, otherwise = ''): string => (typeof value === 'string' ? value : otherwise);
  if (trigger.kind === 'rule') {
    return `rule/${name(trigger.rule.EventBusName, 'default')}/${name(trigger.rule.Name)}`;
  }
  if (trigger.kind === 'schedule') {
    return `schedule/${name(trigger.schedule.GroupName, 'default')}/${name(trigger.schedule.Name)}`;
  }
  if (trigger.kind === 'route') return `route/${trigger.route.method} ${trigger.route.path}`;
  return `pipe/${name(trigger.pipe.Name)}`;
}

/**
 * Deletes the triggers a template had before a reload and no longer has (as a stack update deletes removed
 * resources): a rule after its targets, a schedule, a pipe. One already gone is no problem; the keys deleted.
 */
export async function removeTriggers(
  before: readonly LoadedTrigger[],
  after: readonly LoadedTrigger[],
  apis: TriggerApis,
  errorText: (error: unknown) => string,
): Promise<{ removed: string[]; problems: LoadProblem[] }> {
  const kept = new Set(after.map(triggerKey));
  const removed: string[] = [];
  const problems: LoadProblem[] = [];
  for (const trigger of before.filter((each) => !kept.has(triggerKey(each)))) {
    try {
      await removeTrigger(trigger, apis);
      removed.push(triggerKey(trigger));
    } catch (error) {
      if (/ResourceNotFoundException|NotFoundException/.test(`${String(error)} ${describeType(error as Error)}`)) {
        continue;
      }
      problems.push({ stack: '', logicalId: trigger.logicalId, type: types[trigger.kind], reason: errorText(error) });
    }
  }
  return { removed, problems };
}

async function removeTrigger(trigger: LoadedTrigger, apis: TriggerApis): Promise<void> {
  if (trigger.kind === 'rule') {
    const rule = { Rule: trigger.rule.Name, ...pick(trigger.rule, 'EventBusName') };
    const listed = await apis.events('ListTargetsByRule', rule);
    const ids = ((listed.Targets ?? []) as { Id: string }[]).map((target) => target.Id);
    if (ids.length > 0) await apis.events('RemoveTargets', { ...rule, Ids: ids });
    await apis.events('DeleteRule', { Name: trigger.rule.Name, ...pick(trigger.rule, 'EventBusName') });
    return;
  }
  if (trigger.kind === 'route') {
    await apis.routes?.remove(trigger.route.method, trigger.route.path);
    return;
  }
  if (trigger.kind === 'schedule') {
    await apis.scheduler('DeleteSchedule', { Name: trigger.schedule.Name, ...pick(trigger.schedule, 'GroupName') });
    return;
  }
  await apis.pipes('DeletePipe', { Name: trigger.pipe.Name });
}

function pick(request: Record<string, unknown>, member: string): Record<string, unknown> {
  return request[member] === undefined ? {} : { [member]: request[member] };
}
