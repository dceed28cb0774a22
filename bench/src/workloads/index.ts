// Every workload, in the order the table shows them.

import type { Workload } from '../workload.ts';
import { choiceLoop } from './choice-loop.ts';
import { consoleStreams } from './console-streams.ts';
import { durable } from './durable.ts';
import { durableLogs } from './durable-logs.ts';
import { httpStart } from './http-start.ts';
import { load200 } from './load-200.ts';
import { map10k } from './map-10k.ts';
import { mapTasks } from './map-tasks.ts';
import { openExecutions } from './open-executions.ts';
import { parallel100 } from './parallel-100.ts';
import { passChain } from './pass-chain.ts';
import { postgresDurable } from './postgres-durable.ts';
import { postgresHttpStart } from './postgres-http-start.ts';
import { putEvents } from './put-events.ts';
import { scheduleDelay } from './schedule-delay.ts';

export const workloads: readonly Workload[] = [
  passChain,
  choiceLoop,
  map10k,
  parallel100,
  durable,
  durableLogs,
  httpStart,
  load200,
  openExecutions,
  mapTasks,
  putEvents,
  scheduleDelay,
  postgresDurable,
  postgresHttpStart,
  consoleStreams,
];
