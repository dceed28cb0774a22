// Which resources a template owns, kept in the server's store (template-records.ts) through the `Stepwise.*`
// operations: after a load, a resource it created is recorded as its own (as is one another template recorded:
// they share it), one the user made by API is not. What the template recorded and no longer declares is then
// deleted, unless another template still records it, as a stack update deletes the resources it lost.

import type { TemplateResource } from '../../store/template-records.ts';
import type { AppliedResource, TriggerApis } from './apply-triggers.ts';
import { isNamed, resourceKey } from './apply-triggers.ts';
import { errorText } from './apply-plan.ts';
import type { CallApi } from './call-api.ts';
import type { LoadPlan, LoadProblem } from './load-plan.ts';
import { removalOrder, removeResource } from './remove-resources.ts';

type RecordedResource = Omit<TemplateResource, 'account'>;

export interface OwnershipApis {
  states: CallApi;
  triggers?: TriggerApis | undefined;
  /** The `Stepwise.*` operations (template-api.ts). */
  stepwise: CallApi;
}

export interface OwnershipResult {
  /** `kind/key` of each resource deleted (or, shared with another template, only no longer recorded). */
  removed: string[];
  problems: LoadProblem[];
}

const id = (resource: { kind: string; key: string }): string => `${resource.kind}/${resource.key}`;

/** Records what `template`'s load put, then deletes what it recorded and no longer declares. */
export async function settleOwnership(
  template: string,
  plan: LoadPlan,
  applied: readonly AppliedResource[],
  apis: OwnershipApis,
): Promise<OwnershipResult> {
  const all = ((await apis.stepwise('ListTemplateResources', {})).resources ?? []) as RecordedResource[];
  const recorded = new Set(all.map(id));
  const claims = applied
    .filter((resource) => resource.created || recorded.has(id(resource)))
    .map(({ kind, key, logicalId }) => ({ template, kind, key, logicalId }));
  if (claims.length > 0) await apis.stepwise('PutTemplateResources', { resources: claims });
  const declared = new Set(declaredIds(plan));
  const unresolved = plan.problems.map((problem) => problem.logicalId.replace(/\.Events\./, ''));
  const stale = all
    .filter((record) => record.template === template && !declared.has(id(record)))
    // A resource the template still has but could not resolve this time stays, with what its events made.
    .filter((record) => !unresolved.some((logicalId) => record.logicalId.startsWith(logicalId)))
    .sort((a, b) => removalOrder.indexOf(a.kind) - removalOrder.indexOf(b.kind));
  const result: OwnershipResult = { removed: [], problems: [] };
  for (const record of stale) {
    const shared = all.some((other) => id(other) === id(record) && other.template !== template);
    try {
      if (!shared) await removeQuietly(record, apis);
      await apis.stepwise('DeleteTemplateResources', { resources: [record] });
      result.removed.push(id(record));
    } catch (error) {
      result.problems.push({ stack: '', logicalId: record.logicalId, type: record.kind, reason: errorText(error) });
    }
  }
  return result;
}

/** Deletes the resource; one already gone (deleted by hand) is no problem. */
async function removeQuietly(record: RecordedResource, apis: OwnershipApis): Promise<void> {
  try {
    await removeResource(record.kind, record.key, apis);
  } catch (error) {
    if (!isNamed(error, /NotFound|DoesNotExist/)) throw error;
  }
}

/** Every resource the plan declares, by kind and name, loaded this time or not. */
function declaredIds(plan: LoadPlan): string[] {
  return [
    ...plan.stateMachines.map((machine) => id({ kind: 'state-machine', key: machine.name })),
    ...plan.activities.map((activity) => id({ kind: 'activity', key: activity.name })),
    ...plan.functions.map((fn) => id({ kind: 'function', key: fn.name })),
    ...plan.triggers.map((trigger) => id(resourceKey(trigger))),
  ];
}
