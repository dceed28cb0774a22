// Deletes one resource a template made, by its kind and name (template-records.ts), through the same APIs a
// load puts it with: a rule after its targets, a schedule, a pipe, a route, a state machine, an activity. A
// function mapping needs no call: it ends with the template's functions.

import type { TemplateResourceKind } from '../../store/template-records.ts';
import type { TriggerApis } from './apply-triggers.ts';
import type { CallApi } from './call-api.ts';

/** The order deletions go in: triggers before the machines they start. */
export const removalOrder: readonly TemplateResourceKind[] = [
  'route',
  'schedule',
  'pipe',
  'rule',
  'state-machine',
  'activity',
  'function',
];

export async function removeResource(
  kind: TemplateResourceKind,
  key: string,
  apis: { states: CallApi; triggers?: TriggerApis | undefined },
): Promise<void> {
  if (kind === 'function') return;
  if (kind === 'state-machine' || kind === 'activity') {
    await removeByName(apis.states, kind, key);
    return;
  }
  const triggers = apis.triggers;
  if (triggers === undefined) throw new Error('this server does not serve the EventBridge, Scheduler and Pipes APIs');
  if (kind === 'rule') {
    await removeRule(triggers.events, key);
  } else if (kind === 'schedule') {
    const [group, name] = splitLast(key);
    await triggers.scheduler('DeleteSchedule', { Name: name, GroupName: group });
  } else if (kind === 'pipe') {
    await triggers.pipes('DeletePipe', { Name: key });
  } else {
    if (triggers.routes === undefined) throw new Error('this server takes no HTTP start routes from here');
    const space = key.indexOf(' ');
    await triggers.routes.remove(key.slice(0, space), key.slice(space + 1));
  }
}

/** A bus name may hold '/' (partner buses); a rule's or a schedule's name may not. */
function splitLast(key: string): [string, string] {
  const slash = key.lastIndexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

async function removeRule(events: CallApi, key: string): Promise<void> {
  const [bus, name] = splitLast(key);
  const rule = { Rule: name, EventBusName: bus };
  const listed = await events('ListTargetsByRule', rule);
  const ids = ((listed.Targets ?? []) as { Id: string }[]).map((target) => target.Id);
  if (ids.length > 0) await events('RemoveTargets', { ...rule, Ids: ids });
  await events('DeleteRule', { Name: name, EventBusName: bus });
}

/** Finds the machine or activity by name (its ARN depends on the server's region and account), then deletes it. */
async function removeByName(states: CallApi, kind: 'state-machine' | 'activity', name: string): Promise<void> {
  const [list, member, arnMember, remove] =
    kind === 'state-machine'
      ? ['ListStateMachines', 'stateMachines', 'stateMachineArn', 'DeleteStateMachine']
      : ['ListActivities', 'activities', 'activityArn', 'DeleteActivity'];
  const arn = await findArn(states, { list, member, arnMember }, name);
  if (arn === undefined) return;
  await states(remove, { [arnMember]: arn });
}

/** The ARN of the listed item of that name, page by page; undefined when none has it. */
export async function findArn(
  states: CallApi,
  how: { list: string; member: string; arnMember: string },
  name: string,
): Promise<string | undefined> {
  let nextToken: unknown;
  do {
    const page = await states(how.list, nextToken === undefined ? {} : { nextToken });
    const found = (page[how.member] as Record<string, unknown>[]).find((item) => item.name === name);
    if (found !== undefined) return String(found[how.arnMember]);
    nextToken = page.nextToken;
  } while (nextToken !== undefined && nextToken !== null);
  return undefined;
}
