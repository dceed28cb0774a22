// One node of the PostgreSQL durability test, the process the test kills: opens the store on the shared
// database, (re)starts the workload's executions (idempotent by name, so every node may), runs the
// scheduler on the system clock with short leases, and exits once no execution is left running, saying
// `ready` and `done`.

import { systemClock } from '../../packages/server/src/runtime/clock.ts';
import { Runtime } from '../../packages/server/src/runtime/runtime.ts';
import { openPostgresStore } from '../../packages/server/src/store/postgres/postgres-store.ts';
import { nodeTasks, postgresWorkload } from './postgres-workload.ts';
import { jobs, services } from './workload.ts';

const [url, count] = process.argv.slice(2);
if (url === undefined || count === undefined) throw new Error('usage: postgres-node.ts URL COUNT');
const store = await openPostgresStore({ url });
process.stdout.write('ready\n');
const runtime = new Runtime({
  store,
  clock: systemClock,
  tasks: nodeTasks,
  jobs: jobs(),
  services,
  signals: store.signals,
  nodeId: `node-${String(process.pid)}`,
  // A killed node's claimed work is taken over by the others this soon.
  leaseMillis: 2_000,
  // The test kills nodes at random, whatever they perform: a distributed Map's run, performed for seconds as one
  // work item, would otherwise count three of those kills as crashes it caused and be stopped by the breaker
  // (e2e/faults/crash-loop.test.ts tests the breaker).
  maxWorkCrashes: Number.POSITIVE_INFINITY,
});
runtime.start();
const now = Date.now();
for (const start of postgresWorkload(Number(count))) await runtime.startExecution({ ...start, startDate: now });
while ((await store.listExecutions({ status: 'RUNNING' }, { limit: 1 })).items.length > 0) {
  await new Promise((resolve) => setTimeout(resolve, 200));
}
await runtime.close();
await store.close();
process.stdout.write('done\n');
