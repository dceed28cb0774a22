// ServerMetrics: store operations timed through the wrapper (methods still run on the store itself, values
// pass through), and the leases gauge read from the runtime at each scrape, labelled with the node.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { ServerMetrics } from './server-metrics.ts';

class FakeStore {
  readonly name = 'fake';
  #rows = 2;
  async count(extra: number): Promise<number> {
    await new Promise((resolve) => setImmediate(resolve));
    return this.#rows + extra;
  }
  async fail(): Promise<never> {
    await Promise.resolve();
    throw new Error('down');
  }
  sync(): string {
    return this.name;
  }
}

async function samples(registry: Registry): Promise<string> {
  return registry.metrics();
}

test('each async store operation is timed under its name and node; results and errors pass through', async () => {
  const registry = new Registry();
  const metrics = new ServerMetrics(registry, 'n-1');
  const store = metrics.timed(new FakeStore());
  assert.equal(await store.count(1), 3, 'the method runs on the store itself (its private fields work)');
  assert.equal(await store.count(2), 4);
  await assert.rejects(store.fail(), /down/);
  assert.equal(store.sync(), 'fake');
  assert.equal(store.name, 'fake');
  const text = await samples(registry);
  assert.match(text, /stepwise_store_operation_seconds_count\{operation="count",node="n-1"\} 2/);
  assert.match(text, /stepwise_store_operation_seconds_count\{operation="fail",node="n-1"\} 1/);
  assert.doesNotMatch(text, /operation="sync"/, 'a synchronous method is not a store round trip');
});

test('the leases gauge reads the runtime at each scrape', async () => {
  const registry = new Registry();
  const metrics = new ServerMetrics(registry, 'n-2');
  let held = 3;
  metrics.watchWork(() => held);
  assert.match(await samples(registry), /stepwise_work_leases_held\{node="n-2"\} 3/);
  held = 0;
  assert.match(await samples(registry), /stepwise_work_leases_held\{node="n-2"\} 0/);
});
