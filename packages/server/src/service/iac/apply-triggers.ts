// Applies a plan's triggers through the EventBridge, Scheduler and Pipes APIs, as a client would: PutRule then
// PutTargets for a rule (both upsert), CreateSchedule or CreatePipe, or their Update when one exists; and says
// which it created (a template owns only what it created: template-ownership.ts).

import type { TemplateResourceKind } from '../../store/template-records.ts';
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

/** A resource a load put: its kind and name (template-records.ts), and whether this load created it. */
export interface AppliedResource {
  kind: TemplateResourceKind;
  key: string;
  logicalId: string;
  created: boolean;
}

export const triggerTypes = {
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
): Promise<{ arns: string[]; problems: LoadProblem[]; applied: AppliedResource[] }> {
  const arns: string[] = [];
  const problems: LoadProblem[] = [];
  const applied: AppliedResource[] = [];
  for (const trigger of triggers) {
    const type = triggerTypes[trigger.kind];
    try {
      if (apis === undefined) throw new Error('this server does not serve the EventBridge, Scheduler and Pipes APIs');
      const { arn, created } = await applyTrigger(trigger, apis);
      arns.push(arn);
      applied.push({ ...resourceKey(trigger), logicalId: trigger.logicalId, created });
    } catch (error) {
      problems.push({ stack: '', logicalId: trigger.logicalId, type, reason: errorText(error) });
    }
  }
  return { arns, problems, applied };
}

interface Applied {
  arn: string;
  created: boolean;
}

async function applyRule(trigger: LoadedRule, events: CallApi): Promise<Applied> {
  const bus = trigger.rule.EventBusName === undefined ? {} : { EventBusName: trigger.rule.EventBusName };
  const created = !(await exists(() => events('DescribeRule', { Name: trigger.rule.Name, ...bus })));
  const { RuleArn } = await events('PutRule', trigger.rule);
  const arn = String(RuleArn);
  if (trigger.targets.length === 0) return { arn, created };
  const put = await events('PutTargets', { Rule: trigger.rule.Name, ...bus, Targets: trigger.targets });
  const failed = (put.FailedEntries ?? []) as { TargetId?: string; ErrorMessage?: string }[];
  if (failed.length > 0) {
    const reasons = failed.map((entry) => `target ${String(entry.TargetId)}: ${String(entry.ErrorMessage)}`);
    throw new Error(`the rule was created, but not ${reasons.join('; ')}`);
  }
  return { arn, created };
}

async function applyRoute(trigger: LoadedRoute, routes: RouteApi | undefined): Promise<Applied> {
  if (routes === undefined) throw new Error('this server takes no HTTP start routes from here: use serve --load');
  const { method, path } = trigger.route;
  const arn = `route ${method} ${path}`;
  try {
    await routes.add(trigger.route);
    return { arn, created: true };
  } catch (error) {
    if (!isNamed(error, /ConflictException/)) throw error;
    // A reload: the route is put again as the template now has it.
    await routes.remove(method, path);
    await routes.add(trigger.route);
    return { arn, created: false };
  }
}

async function applyTrigger(trigger: LoadedTrigger, apis: TriggerApis): Promise<Applied> {
  if (trigger.kind === 'rule') return applyRule(trigger, apis.events);
  if (trigger.kind === 'route') return applyRoute(trigger, apis.routes);
  if (trigger.kind === 'schedule') {
    const { response, created } = await upsert(apis.scheduler, 'Schedule', trigger.schedule);
    return { arn: String(response.ScheduleArn), created };
  }
  // UpdatePipe takes no Source (a pipe's source cannot change in place, as on AWS).
  const update = Object.fromEntries(Object.entries(trigger.pipe).filter(([member]) => member !== 'Source'));
  const { response, created } = await upsert(apis.pipes, 'Pipe', trigger.pipe, update);
  return { arn: String(response.Arn), created };
}

/** Create, or Update when it exists (ConflictException): a reload updates in place. */
async function upsert(call: CallApi, resource: string, request: Record<string, unknown>, update = request) {
  try {
    return { response: await call(`Create${resource}`, request), created: true };
  } catch (error) {
    if (!isNamed(error, /ConflictException/)) throw error;
    return { response: await call(`Update${resource}`, update), created: false };
  }
}

/** False when the call answers that the resource does not exist. */
async function exists(describe: () => Promise<unknown>): Promise<boolean> {
  try {
    await describe();
    return true;
  } catch (error) {
    if (isNamed(error, /NotFound/)) return false;
    throw error;
  }
}

/** ApiError carries AWS's name in `type`; an error from a remote call carries it in `name`. */
export function isNamed(error: unknown, pattern: RegExp): boolean {
  if (!(error instanceof Error)) return false;
  const type = 'type' in error && typeof error.type === 'string' ? error.type : '';
  return pattern.test(`${error.name} ${type}`);
}

/** What names a trigger on its API (template-records.ts): a later load finds it again by it. */
export function resourceKey(trigger: LoadedTrigger): { kind: TemplateResourceKind; key: string } {
  const name = (value: unknown, otherwise = ''): string => (typeof value === 'string' ? value : otherwise);
  if (trigger.kind === 'rule') {
    return { kind: 'rule', key: `${name(trigger.rule.EventBusName, 'default')}/${name(trigger.rule.Name)}` };
  }
  if (trigger.kind === 'schedule') {
    return { kind: 'schedule', key: `${name(trigger.schedule.GroupName, 'default')}/${name(trigger.schedule.Name)}` };
  }
  if (trigger.kind === 'route') return { kind: 'route', key: `${trigger.route.method} ${trigger.route.path}` };
  return { kind: 'pipe', key: name(trigger.pipe.Name) };
}
