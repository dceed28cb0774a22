// The Store contract on a real PostgreSQL: a throwaway cluster for the file, a fresh database per test,
// and peers as further pools on the same database (other nodes).

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { storeContract } from '../store-contract.ts';
import { startPostgresCluster, type PostgresCluster } from '../../testing/postgres-cluster.ts';
import { openPostgresStore } from './postgres-store.ts';
import type { Store } from '../store.ts';
import type { Signal } from '../signals.ts';

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

void it('relays executions changed to the other nodes, gathered into one hint per execution', async () => {
  if (cluster === undefined) throw new Error('the PostgreSQL cluster did not start');
  const url = await cluster.createDatabase('signals');
  const [a, b] = [await openPostgresStore({ url }), await openPostgresStore({ url })];
  try {
    const heard: Signal[] = [];
    const both = new Promise<void>((resolve) => {
      b.signals.subscribe((signal) => {
        heard.push(signal);
        if (heard.length === 2) resolve();
      });
    });
    const change = (name: string): Signal => ({
      kind: 'execution',
      executionArn: `arn:e:${name}`,
      stateMachineArn: 'arn:m',
    });
    for (let step = 0; step < 5; step++) a.signals.publish(change('one'));
    a.signals.publish(change('two'));
    await both;
    assert.deepEqual(heard, [change('one'), change('two')]);
  } finally {
    await a.close();
    await b.close();
  }
});
