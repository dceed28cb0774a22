// The LogStore contract on a real PostgreSQL (a throwaway cluster for the file, a fresh database per test),
// and two nodes' log stores on one database seeing each other's groups and events.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { logStoreContract } from '../log-store-contract.ts';
import { postgresPerFile } from '../../testing/postgres-per-file.ts';
import { openPostgresLogStore } from './postgres-log-store.ts';

const postgres = postgresPerFile('logs');

logStoreContract('postgres', { open: async () => openPostgresLogStore({ url: await postgres.migrated() }) });

void it('two nodes share the log groups and events of one database', async () => {
  const url = await postgres.migrated();
  const [a, b] = [openPostgresLogStore({ url }), openPostgresLogStore({ url })];
  try {
    assert.equal(await a.createLogGroup({ name: '/shared', creationTime: 1 }), true);
    assert.equal(await b.createLogGroup({ name: '/shared', creationTime: 2 }), false);
    await a.putLogEvents(
      [{ groupName: '/shared', streamName: 'node-a', events: [{ timestamp: 10, message: 'a' }] }],
      11,
    );
    await b.putLogEvents(
      [{ groupName: '/shared', streamName: 'node-b', events: [{ timestamp: 5, message: 'b' }] }],
      12,
    );
    const read = await a.queryLogEvents('/shared', { limit: 10 });
    assert.deepEqual(
      read.items.map((e) => [e.streamName, e.message]),
      [
        ['node-b', 'b'],
        ['node-a', 'a'],
      ],
    );
  } finally {
    await a.close();
    await b.close();
  }
});
