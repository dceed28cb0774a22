// The Store contract for the catalog: state machines, versions, aliases, tags and activities.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { machine, must, type WithStore } from './store-fixtures.ts';

export function catalogContract(withStore: WithStore): void {
  void it('creates a state machine once and reads it back as written', () =>
    withStore(async (store) => {
      const m = machine('m', { description: 'd', loggingConfiguration: { level: 'OFF' } });
      assert.equal(await store.createStateMachine(m, [{ key: 'k', value: 'v' }]), true);
      assert.equal(await store.createStateMachine({ ...m, definition: '{}' }), false);
      assert.deepEqual(await store.getStateMachine(m.arn), m);
      assert.deepEqual(await store.listTags(m.arn), [{ key: 'k', value: 'v' }]);
      assert.equal(await store.getStateMachine(`${m.arn}x`), undefined);
    }));

  void it('lists state machines oldest first across pages', () =>
    withStore(async (store) => {
      for (const name of ['a', 'b', 'c']) await store.createStateMachine(machine(name));
      const first = await store.listStateMachines({ limit: 2 });
      const second = await store.listStateMachines({ limit: 2, after: first.nextToken });
      assert.deepEqual(
        [...first.items, ...second.items].map((m) => m.name),
        ['a', 'b', 'c'],
      );
      assert.notEqual(first.nextToken, undefined);
      assert.equal(second.nextToken, undefined);
    }));

  void it("lists one account's state machines and activities when given its ARN prefix", () =>
    withStore(async (store) => {
      const other = (arn: string): string => arn.replace(':123456789012:', ':210987654321:');
      await store.createStateMachine(machine('a'));
      await store.createStateMachine({ ...machine('b'), arn: other(machine('b').arn) });
      await store.createStateMachine(machine('c'));
      const mine = 'arn:aws:states:us-east-1:123456789012:';
      const first = await store.listStateMachines({ limit: 1 }, mine);
      const second = await store.listStateMachines({ limit: 1, after: first.nextToken }, mine);
      assert.deepEqual(
        [...first.items, ...second.items].map((m) => m.name),
        ['a', 'c'],
      );
      assert.equal(second.nextToken, undefined);
      const theirs = await store.listStateMachines({ limit: 10 }, other(mine));
      assert.deepEqual(
        theirs.items.map((m) => m.arn),
        [other(machine('b').arn)],
      );
      // A prefix is compared as text: LIKE's wildcards in it match nothing.
      assert.deepEqual((await store.listStateMachines({ limit: 10 }, 'arn:aws:states:%')).items, []);
      const activity = (arn: string, name: string) => ({ arn, name, creationDate: 1 });
      await store.createActivity(activity(`${mine}activity:x`, 'x'));
      await store.createActivity(activity(`${other(mine)}activity:y`, 'y'));
      const activities = await store.listActivities({ limit: 10 }, other(mine));
      assert.deepEqual(
        activities.items.map((a) => a.name),
        ['y'],
      );
    }));

  void it('updates a machine, publishing the new revision atomically when asked', () =>
    withStore(async (store) => {
      const m = machine('m');
      await store.createStateMachine(m);
      const patch = { definition: '{"new":1}', revisionId: 'rev-2', updateDate: 5 };
      const updated = await store.updateStateMachine(m.arn, patch, { description: 'v1', creationDate: 6 });
      assert.equal(updated?.machine.definition, '{"new":1}');
      assert.equal(updated.machine.roleArn, m.roleArn);
      assert.deepEqual(updated.version, {
        arn: `${m.arn}:1`,
        stateMachineArn: m.arn,
        version: 1,
        description: 'v1',
        revisionId: 'rev-2',
        type: 'STANDARD',
        definition: '{"new":1}',
        roleArn: m.roleArn,
        creationDate: 6,
      });
      assert.deepEqual(await store.getStateMachine(m.arn), updated.machine);
      assert.equal(await store.updateStateMachine(`${m.arn}x`, patch), undefined);
    }));

  void it('numbers versions without reuse, newest first, and checks the expected revision', () =>
    withStore(async (store) => {
      const m = machine('m');
      await store.createStateMachine(m);
      const v1 = must(await store.publishVersion(m.arn, { creationDate: 1 }));
      const v2 = must(await store.publishVersion(m.arn, { creationDate: 2, expectedRevisionId: 'rev-1' }));
      assert.equal(await store.publishVersion(m.arn, { creationDate: 3, expectedRevisionId: 'other' }), undefined);
      assert.deepEqual([v1.version, v2.version], [1, 2]);
      assert.equal(await store.deleteVersion(v2.arn), true);
      assert.equal(await store.deleteVersion(v2.arn), false);
      const v3 = await store.publishVersion(m.arn, { creationDate: 4 });
      assert.equal(v3?.arn, `${m.arn}:3`);
      const page = await store.listVersions(m.arn, { limit: 1 });
      const rest = await store.listVersions(m.arn, { limit: 1, after: page.nextToken });
      assert.deepEqual(
        [...page.items, ...rest.items].map((v) => v.version),
        [3, 1],
      );
      assert.deepEqual(await store.getVersion(v1.arn), v1);
      assert.equal(await store.publishVersion(`${m.arn}x`, { creationDate: 5 }), undefined);
    }));

  void it('keeps aliases with their routing, and deletes them with their machine', () =>
    withStore(async (store) => {
      const m = machine('m');
      await store.createStateMachine(m);
      const v1 = must(await store.publishVersion(m.arn, { creationDate: 1 }));
      const routing = [{ stateMachineVersionArn: v1.arn, weight: 100 }];
      const alias = {
        arn: `${m.arn}:prod`,
        stateMachineArn: m.arn,
        name: 'prod',
        routingConfiguration: routing,
        creationDate: 2,
      };
      assert.equal(await store.createAlias(alias, [{ key: 'team', value: 'x' }]), true);
      assert.equal(await store.createAlias(alias), false);
      const newRouting = [
        { stateMachineVersionArn: v1.arn, weight: 60 },
        { stateMachineVersionArn: `${m.arn}:2`, weight: 40 },
      ];
      const updated = await store.updateAlias(alias.arn, { routingConfiguration: newRouting, updateDate: 3 });
      assert.deepEqual(updated, { ...alias, routingConfiguration: newRouting, updateDate: 3 });
      assert.deepEqual((await store.listAliases(m.arn, { limit: 10 })).items, [updated]);
      assert.equal(await store.deleteStateMachine(m.arn), true);
      assert.equal(await store.getAlias(alias.arn), undefined);
      assert.equal(await store.getVersion(v1.arn), undefined);
      assert.deepEqual(await store.listTags(alias.arn), []);
      assert.equal(await store.deleteStateMachine(m.arn), false);
    }));

  void it('marks a machine DELETING without its versions and aliases, and deletes only a machine so marked', () =>
    withStore(async (store) => {
      const m = machine('m');
      await store.createStateMachine(m, [{ key: 'team', value: 'x' }]);
      const v1 = must(await store.publishVersion(m.arn, { creationDate: 1 }));
      const routing = [{ stateMachineVersionArn: v1.arn, weight: 100 }];
      await store.createAlias({
        arn: `${m.arn}:prod`,
        stateMachineArn: m.arn,
        name: 'prod',
        routingConfiguration: routing,
        creationDate: 2,
      });
      assert.equal(await store.deleteStateMachine(m.arn, { onlyDeleting: true }), false);
      assert.deepEqual(await store.listDeletingStateMachines(), []);
      assert.equal(await store.markStateMachineDeleting(m.arn), true);
      assert.equal(await store.markStateMachineDeleting(`${m.arn}x`), false);
      assert.deepEqual(await store.getStateMachine(m.arn), { ...m, status: 'DELETING' });
      assert.deepEqual(await store.listDeletingStateMachines(), [m.arn]);
      assert.equal(await store.getVersion(v1.arn), undefined);
      assert.equal(await store.getAlias(`${m.arn}:prod`), undefined);
      assert.deepEqual(await store.listTags(m.arn), [{ key: 'team', value: 'x' }]);
      assert.equal(await store.deleteStateMachine(m.arn, { onlyDeleting: true }), true);
      assert.equal(await store.getStateMachine(m.arn), undefined);
      assert.deepEqual(await store.listDeletingStateMachines(), []);
    }));

  void it('sets, overwrites and removes tags by key, keeping first-set order', () =>
    withStore(async (store) => {
      const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:t';
      await store.tagResource(arn, [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ]);
      await store.tagResource(arn, [
        { key: 'a', value: '3' },
        { key: 'c', value: '4' },
      ]);
      await store.untagResource(arn, ['b', 'missing']);
      assert.deepEqual(await store.listTags(arn), [
        { key: 'a', value: '3' },
        { key: 'c', value: '4' },
      ]);
    }));

  void it('creates, lists and deletes activities', () =>
    withStore(async (store) => {
      const arn = (name: string): string => `arn:aws:states:us-east-1:123456789012:activity:${name}`;
      assert.equal(await store.createActivity({ arn: arn('a'), name: 'a', creationDate: 1 }), true);
      assert.equal(await store.createActivity({ arn: arn('a'), name: 'a', creationDate: 2 }), false);
      await store.createActivity({ arn: arn('b'), name: 'b', creationDate: 3 });
      assert.deepEqual(
        (await store.listActivities({ limit: 10 })).items.map((a) => [a.name, a.creationDate]),
        [
          ['a', 1],
          ['b', 3],
        ],
      );
      assert.equal(await store.deleteActivity(arn('a')), true);
      assert.equal(await store.getActivity(arn('a')), undefined);
    }));
}
