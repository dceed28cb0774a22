import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.ts';
import { accountLogStore } from './account-log-groups.ts';

const server = '111111111111';
const other = '222222222222';

describe('log groups per account in one LogStore', () => {
  it('gives each account its own groups under their own names, even of one name', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    try {
      const mine = accountLogStore(store, server, server);
      const theirs = accountLogStore(store, other, server);
      assert.equal(await mine.createLogGroup({ name: '/app', creationTime: 1 }), true);
      assert.equal(await theirs.getLogGroup('/app'), undefined);
      assert.equal(await theirs.createLogGroup({ name: '/app', creationTime: 2 }), true);
      assert.equal(await theirs.createLogGroup({ name: '/b', creationTime: 3 }), true);
      assert.deepEqual((await theirs.getLogGroup('/app'))?.creationTime, 2);
      const listed = async (logs: typeof mine): Promise<string[]> =>
        (await logs.listLogGroups({ limit: 50 })).items.map((g) => g.name);
      assert.deepEqual(await listed(mine), ['/app'], "the server account does not list the other's groups");
      assert.deepEqual(await listed(theirs), ['/app', '/b']);
      assert.equal(await mine.getLogGroup(`${other}:/app`), undefined, 'nor reach them by their stored name');
      const missing = await theirs.putLogEvents(
        [
          { groupName: '/app', streamName: 's', events: [{ timestamp: 5, message: 'theirs' }] },
          { groupName: '/none', streamName: 's', events: [{ timestamp: 5, message: 'lost' }] },
        ],
        6,
      );
      assert.deepEqual(missing, ['/none'], 'missing groups are named as the account knows them');
      assert.deepEqual((await mine.queryLogEvents('/app', { limit: 10 })).items, []);
      assert.deepEqual(
        (await theirs.queryLogEvents('/app', { limit: 10 })).items.map((e) => e.message),
        ['theirs'],
      );
      assert.equal(await mine.deleteLogGroup('/b'), false);
    } finally {
      await store.close();
    }
  });
});
