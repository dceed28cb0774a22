// Stepwise.* on the store: records kept per caller account, and a bad request refused naming what is wrong.

import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { openSqliteStore, sqliteTemplateRecords } from '../../store/sqlite/sqlite-store.ts';
import type { ConsoleRoutes } from '../routes/console-routes.ts';
import { createTemplateApi } from './template-api.ts';

const store = openSqliteStore({ file: ':memory:' });
after(() => store.close());
const routes: ConsoleRoutes = {
  list: () => [],
  add: () => Promise.reject(new Error('not called')),
  remove: () => Promise.reject(new Error('not called')),
};
const api = createTemplateApi({ records: sqliteTemplateRecords(store), routes, account: '123456789012' });
const resource = { template: '/t.yaml', logicalId: 'Nightly', kind: 'rule', key: 'default/Nightly' };

it("keeps each caller account's records apart; without an account, the server's", async () => {
  await api.call('PutTemplateResources', { resources: [resource] }, { requestId: 'r' });
  await api.call(
    'PutTemplateResources',
    { resources: [{ ...resource, key: 'b/B' }] },
    { requestId: 'r', account: '444455556666' },
  );
  assert.deepEqual(await api.call('ListTemplateResources', {}, { requestId: 'r' }), { resources: [resource] });
  await api.call('DeleteTemplateResources', { resources: [resource] }, { requestId: 'r', account: '444455556666' });
  assert.deepEqual(await api.call('ListTemplateResources', {}, { requestId: 'r' }), { resources: [resource] });
});

it('refuses a bad request with a ValidationException naming the member, and an unknown operation', async () => {
  const cases: [string, unknown, RegExp][] = [
    ['PutTemplateResources', {}, /resources must be a list/],
    [
      'PutTemplateResources',
      { resources: [{ ...resource, kind: 'bucket' }] },
      /resources\[0\]\.kind must be one of state-machine, .*, not bucket/,
    ],
    ['DeleteTemplateResources', { resources: [{ ...resource, key: 7 }] }, /resources\[0\]\.key must be a string/],
    ['DeleteRoute', { method: 'POST' }, /path must be a string/],
    ['DropEverything', {}, /Stepwise\.DropEverything is not an operation/],
  ];
  for (const [operation, body, message] of cases) {
    await assert.rejects(api.call(operation, body, { requestId: 'r' }), (error: Error) => {
      assert.match(error.message, message);
      return true;
    });
  }
});
