// The Store contract on a real PostgreSQL: a throwaway cluster for the file, a fresh database per test,
// and peers as further pools on the same database (other nodes).

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { storeContract } from '../store-contract.ts';
import { postgresPerFile } from '../../testing/postgres-per-file.ts';
import { openPostgresStore } from './postgres-store.ts';
import type { Store } from '../store.ts';
import type { Signal } from '../signals.ts';

const postgres = postgresPerFile('contract');
const urls = new WeakMap<Store, string>();

storeContract('postgres', {
  open: async () => {
    const url = await postgres.fresh();
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
  const url = await postgres.fresh();
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
