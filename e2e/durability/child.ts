// The process the durability test kills: opens the store, (re)starts the workload's executions
// (idempotent by name) and drives them on a manual clock to the end, saying `ready` and `done`. Its jobs'
// describe calls take JOB-POLL-MILLIS of real time.

import { ManualClock } from '../../packages/server/src/runtime/clock.ts';
import { Runtime } from '../../packages/server/src/runtime/runtime.ts';
import { runInVirtualTime } from '../../packages/server/src/runtime/virtual-time.ts';
import { openSqliteStore } from '../../packages/server/src/store/sqlite/sqlite-store.ts';
import { durableTasks, jobs, services, t0, workload } from './workload.ts';

const [file, count, pollMillis] = process.argv.slice(2);
if (file === undefined || count === undefined) throw new Error('usage: child.ts FILE COUNT [JOB-POLL-MILLIS]');
const store = openSqliteStore({ file });
process.stdout.write('ready\n');
// The clock restarts at t0 and jumps to the earliest due work, so resumed steps get the times they had.
const clock = new ManualClock(t0);
const runtime = new Runtime({
  store,
  clock,
  tasks: durableTasks,
  jobs: jobs(Number(pollMillis ?? 0)),
  services,
  nodeId: `child-${process.pid}`,
});
for (const start of workload(Number(count))) await runtime.startExecution(start);
await runInVirtualTime(runtime, clock);
await store.close();
process.stdout.write('done\n');
