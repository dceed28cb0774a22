// What a template owns after a load, and what a smaller template's load deletes: table-driven over fake APIs
// that keep the records and note every deletion.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TemplateResource } from '../../store/template-records.ts';
import type { AppliedResource } from './apply-triggers.ts';
import type { CallApi } from './call-api.ts';
import { emptyPlan, type LoadPlan } from './load-plan.ts';
import type { LoadedStateMachine } from './state-machine-plan.ts';
import { settleOwnership } from './template-ownership.ts';

type Recorded = Omit<TemplateResource, 'account'>;

const app = '/work/app/template.yaml';
const other = '/work/other/template.yaml';

function record(kind: Recorded['kind'], key: string, logicalId = key, template = app): Recorded {
  return { template, logicalId, kind, key };
}

/** Fake Stepwise.*, Step Functions and EventBridge: the records, and the calls that delete. */
function fakes(records: Recorded[], gone: readonly string[] = []) {
  const deleted: string[] = [];
  const stepwise: CallApi = (operation, request) => {
    const listed = (request.resources ?? []) as Recorded[];
    const same = (a: Recorded, b: Recorded) => a.kind === b.kind && a.key === b.key && a.template === b.template;
    if (operation === 'PutTemplateResources') records.push(...listed.filter((r) => !records.some((o) => same(o, r))));
    if (operation === 'DeleteTemplateResources')
      records.splice(0, records.length, ...records.filter((r) => !listed.some((o) => same(o, r))));
    return Promise.resolve(operation === 'ListTemplateResources' ? { resources: [...records] } : {});
  };
  const states: CallApi = (operation, request) => {
    if (operation === 'ListStateMachines') {
      const names = records.filter((r) => r.kind === 'state-machine').map((r) => r.key);
      return Promise.resolve({ stateMachines: names.map((name) => ({ name, stateMachineArn: `arn:${name}` })) });
    }
    deleted.push(`${operation} ${JSON.stringify(request)}`);
    return Promise.resolve({});
  };
  const events: CallApi = (operation, request) => {
    if (gone.includes(String(request.Rule ?? request.Name))) {
      const error = new Error('Rule does not exist');
      error.name = 'ResourceNotFoundException';
      return Promise.reject(error);
    }
    if (operation === 'ListTargetsByRule') return Promise.resolve({ Targets: [] });
    deleted.push(`${operation} ${String(request.Name)}`);
    return Promise.resolve({});
  };
  const unused: CallApi = () => Promise.reject(new Error('not called'));
  return { deleted, apis: { states, stepwise, triggers: { events, scheduler: unused, pipes: unused } } };
}

function planOf(machines: string[], problems: string[] = []): LoadPlan {
  const plan = emptyPlan();
  for (const name of machines) plan.stateMachines.push({ name, logicalId: name } as LoadedStateMachine);
  for (const logicalId of problems) plan.problems.push({ stack: 'app', logicalId, type: 'T', reason: 'unresolved' });
  return plan;
}

const applied = (kind: AppliedResource['kind'], key: string, created: boolean): AppliedResource => ({
  kind,
  key,
  logicalId: key,
  created,
});

describe('settling what a template owns', () => {
  it('records what the load created, not what existed without a record (made by API)', async () => {
    const records: Recorded[] = [];
    const { apis } = fakes(records);
    const loaded = [applied('state-machine', 'Orders', true), applied('state-machine', 'Users', false)];
    await settleOwnership(app, planOf(['Orders', 'Users']), loaded, apis);
    assert.deepEqual(records, [record('state-machine', 'Orders')]);
  });

  it("shares what another template recorded: dropping it there deletes only this template's record", async () => {
    const records = [record('state-machine', 'Shared', 'Shared', other)];
    const { apis, deleted } = fakes(records);
    await settleOwnership(app, planOf(['Shared']), [applied('state-machine', 'Shared', false)], apis);
    assert.equal(records.length, 2);
    const result = await settleOwnership(app, planOf([]), [], apis);
    assert.deepEqual(result.removed, ['state-machine/Shared']);
    assert.deepEqual(deleted, []);
    assert.deepEqual(records, [record('state-machine', 'Shared', 'Shared', other)]);
  });

  it('deletes what it recorded and lost, triggers before machines; one already gone is no problem', async () => {
    const records = [record('state-machine', 'Old'), record('rule', 'default/Nightly', 'Nightly')];
    records.push(record('rule', 'default/Vanished', 'Vanished'));
    const { apis, deleted } = fakes(records, ['Vanished']);
    const result = await settleOwnership(app, planOf([]), [], apis);
    assert.deepEqual(result, {
      removed: ['rule/default/Nightly', 'rule/default/Vanished', 'state-machine/Old'],
      problems: [],
    });
    assert.deepEqual(deleted, ['DeleteRule Nightly', 'DeleteStateMachine {"stateMachineArn":"arn:Old"}']);
    assert.deepEqual(records, []);
  });

  it('keeps what the template still has but could not resolve, with the triggers of its events', async () => {
    const records = [record('state-machine', 'extract', 'Extract'), record('route', 'POST /web', 'ExtractWeb')];
    records.push(record('rule', 'default/Lost', 'Lost'));
    const { apis } = fakes(records);
    const result = await settleOwnership(app, planOf([], ['Extract', 'Extract.Events.Web']), [], apis);
    assert.deepEqual(result.removed, ['rule/default/Lost']);
    assert.deepEqual(
      records.map((r) => r.logicalId),
      ['Extract', 'ExtractWeb'],
    );
  });
});
