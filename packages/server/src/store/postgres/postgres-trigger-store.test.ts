// The TriggerStore on a real PostgreSQL: the contract every TriggerStore passes (service/schedules/ has two
// nodes racing to fire the same schedules).

import { after, before } from 'node:test';
import { startPostgresCluster, type PostgresCluster } from '../../testing/postgres-cluster.ts';
import { triggerStoreContract } from '../trigger-store-contract.ts';
import { openPostgresStore } from './postgres-store.ts';

let cluster: PostgresCluster | undefined;
let databases = 0;

before(async () => {
  cluster = await startPostgresCluster();
});

after(async () => {
  await cluster?.stop();
});

async function freshDatabase(): Promise<string> {
  if (cluster === undefined) throw new Error('the PostgreSQL cluster did not start');
  databases += 1;
  return cluster.createDatabase(`triggers_${String(databases)}`);
}

triggerStoreContract('postgres', {
  open: async () => {
    const store = await openPostgresStore({ url: await freshDatabase() });
    return { triggers: store.triggers(), close: () => store.close() };
  },
});
