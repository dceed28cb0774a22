// The ExecutionMinutesStore contract on a real PostgreSQL (migration 0018): two handles, as two nodes have, on
// one fresh database each test.

import { after, before } from 'node:test';
import { startPostgresCluster, type PostgresCluster } from '../../testing/postgres-cluster.ts';
import { executionMinutesContract } from '../execution-minutes-contract.ts';
import { openPostgresExecutionMinutes } from './postgres-execution-minutes.ts';
import { openPostgresStore } from './postgres-store.ts';

let cluster: PostgresCluster | undefined;
let databases = 0;

before(async () => {
  cluster = await startPostgresCluster();
});

after(async () => {
  await cluster?.stop();
});

executionMinutesContract('postgres', {
  open: async () => {
    if (cluster === undefined) throw new Error('the PostgreSQL cluster did not start');
    databases += 1;
    const url = await cluster.createDatabase(`minutes_${String(databases)}`);
    await (await openPostgresStore({ url })).close();
    const [a, b] = [openPostgresExecutionMinutes({ url }), openPostgresExecutionMinutes({ url })];
    return {
      a,
      b,
      close: async () => {
        await a.close();
        await b.close();
      },
    };
  },
});
