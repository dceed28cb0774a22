// The Store contract on a real PostgreSQL: a throwaway cluster for the file, a fresh database per test,
// and peers as further pools on the same database (other nodes).

import { after, before } from 'node:test';
import { storeContract } from '../store-contract.ts';
import { startPostgresCluster, type PostgresCluster } from '../../testing/postgres-cluster.ts';
import { openPostgresStore } from './postgres-store.ts';
import type { Store } from '../store.ts';

let cluster: PostgresCluster | undefined;
let databases = 0;
const urls = new WeakMap<Store, string>();

before(async () => {
  cluster = await startPostgresCluster();
});

after(async () => {
  await cluster?.stop();
});

storeContract('postgres', {
  open: async () => {
    if (cluster === undefined) throw new Error('the PostgreSQL cluster did not start');
    databases += 1;
    const url = await cluster.createDatabase(`contract_${String(databases)}`);
    const store = await openPostgresStore({ url });
    urls.set(store, url);
    return store;
  },
  peer: async (store) => {
    const url = urls.get(store);
    if (url === undefined) throw new Error('not a store of this suite');
    return openPostgresStore({ url });
  },
});
