// The http target: every case goes through a real Stepwise server (the service and HTTP layers of
// `stepwise serve`, on a temporary SQLite file, or on PostgreSQL: http-postgres.ts) driven by
// @aws-sdk/client-sfn, as an application would.
// The server's runtime runs on a manual clock that this target moves to the next due timer, so Waits
// and back-offs take no time; the case's Lambda handlers answer its Task calls, the recording test's
// worker its activity tasks (through GetActivityTask), and the service its nested executions.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TestStateCommand,
  ValidateStateMachineDefinitionCommand,
  type HistoryEvent as SdkHistoryEvent,
  type TestStateInput,
  type ValidateStateMachineDefinitionInput,
} from '@aws-sdk/client-sfn';
import {
  listen,
  ManualClock,
  openSqliteStore,
  runInVirtualTime,
  createRequestAuth,
  triggerHttpServices,
  type ExecutionRuntime,
  type HttpService,
  type ListenOptions,
  type RequestAuth,
  type RunningServer,
  type Stepwise,
  type Store,
} from 'stepwise';
import { prepareServices } from '../aws-services.ts';
import type { ConformanceCase } from '../case.ts';
import { callbackWorker } from '../callback-consumer.ts';
import { caseAccount as account, caseRegion as region, caseStartTime, caseStepwise } from '../case-tasks.ts';
import { activityArnOf, activityConsumer, childMachines, recordedStateMachineNames } from '../fixtures.ts';
import { pythonJsonDumps } from '../python-text.ts';
import type { HarnessValues, HistoryEvent, Target, TargetResult } from '../target.ts';
import { machineType, needsRole, shortId } from './memory.ts';
import { notYetTargeted } from './not-yet-targeted.ts';
import { runApiCaseThroughSdk } from './api-through-sdk.ts';
import { caseServerOptions, caseStore } from '../case-server.ts';
import { startCaseAwsEndpoint } from '../case-aws-endpoint.ts';
import { caseLocalCode, localOptions, type CaseLocalCode } from '../case-local-code.ts';
import { caseSideServices, type CaseDeliveries } from '../case-side-services.ts';
import { startCaseOtlp, type CaseOtlp } from '../case-otlp.ts';

const roleName = 'stepwise-conformance';
const roleArn = `arn:aws:iam::${account}:role/${roleName}`;
/** As the other targets: timers later than this leave the execution RUNNING (as AWS recorded). */
const horizonMillis = 2 * 365 * 24 * 3600 * 1000;

/** Where a case's server keeps its data: a store per case, released (closed, emptied...) after it. */
export interface CaseStores {
  open: () => Promise<{ store: Store; release: () => Promise<void> }>;
  /** Before the first case (a database server started once) and after the last. */
  start?: () => Promise<void>;
  stop?: () => Promise<void>;
}

/** A fresh SQLite file per case, removed after it. */
const sqliteFiles: CaseStores = {
  open: () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-http-'));
    const store = openSqliteStore({ file: join(dir, 'stepwise.sqlite') });
    const release = async (): Promise<void> => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return Promise.resolve({ store, release });
  },
};

/** The http target over the stores `stores` gives: the same cases, through the same SDK calls. */
export function httpTargetOn(name: string, stores: CaseStores): Target {
  const target: Target = {
    name,
    run: async (c) => {
      const skip = notYetTargeted(c, { nestedExecutions: true, callbacks: true });
      if (skip !== undefined) return { kind: 'skipped', reason: skip };
      const server = await startCaseServer(c, stores);
      try {
        return await runCase(c, server);
      } finally {
        await server.close();
      }
    },
  };
  if (stores.start !== undefined) target.open = stores.start;
  if (stores.stop !== undefined) target.close = stores.stop;
  return target;
}

export const httpTarget: Target = httpTargetOn('http', sqliteFiles);

/** One case's server: its store, runtime on a manual clock, the HTTP API and an SDK client for it. */
interface CaseServer {
  sfn: SFNClient;
  /** `http://127.0.0.1:port`, for the other APIs' clients. */
  url: string;
  store: Store;
  runtime: ExecutionRuntime;
  clock: ManualClock;
  /** Deletes executions past the case's `server.retentionDays` when swept; none without it. */
  retention: { sweep(): Promise<number> } | undefined;
  /** The case's execution logs (`server.executionLogs`), flushed at each Advance. */
  logs: { flush(): Promise<void> } | undefined;
  /** EventBridge's deliveries, performed at each Advance. */
  deliveries: CaseDeliveries;
  /** The case's collector (`server.otlp`). */
  otlp: CaseOtlp | undefined;
  /** The case's templates and functions folder (case-local-code.ts), when it declares them. */
  local: CaseLocalCode | undefined;
  close(): Promise<void>;
}

/** The case's store, clock and composition root with what they need, and one call that stops them all. */
async function startCaseStepwise(c: ConformanceCase, stores: CaseStores) {
  const opened = await stores.open();
  const store = caseStore(c, opened.store);
  const clock = new ManualClock(caseStartTime());
  // GetActivityTask answers at once: the worker is served between rounds of due work, not in a long poll.
  const otlp = await startCaseOtlp(c, store);
  const parts = caseServerOptions(c, store, otlp?.tracer);
  const local = caseLocalCode(c);
  const aws = await startCaseAwsEndpoint(c);
  const stepwise = caseStepwise(c, store, clock, { ...parts.options, ...localOptions(c, parts.options, local, aws) });
  const stop = async (): Promise<void> => {
    await stepwise.close();
    await otlp?.close();
    local?.close();
    await aws?.close();
    await parts.release();
    await opened.release();
  };
  return { store, clock, otlp, local, stepwise, stop };
}

async function startCaseServer(c: ConformanceCase, stores: CaseStores): Promise<CaseServer> {
  const { store, clock, otlp, local, stepwise, stop } = await startCaseStepwise(c, stores);
  const auth = caseAuth(c);
  const side = caseSideServices(c, stepwise, store, clock, auth);
  let server: RunningServer;
  try {
    // As `serve --load`: loaded before listening.
    await local?.load(stepwise, store);
    const { api } = stepwise;
    server = await listen({
      api,
      host: '127.0.0.1',
      port: 0,
      console: side.console,
      ...otherApis(stepwise, side.services, auth),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const sfn = sfnClient(server.url);
  return {
    sfn,
    url: server.url,
    store,
    runtime: stepwise.runtime,
    clock,
    retention: stepwise.retention,
    logs: stepwise.executionLogs,
    deliveries: side.deliveries,
    otlp,
    local,
    close: async () => {
      sfn.destroy();
      await server.close();
      await stop();
    },
  };
}

/** The harness's Step Functions client of a case's server. */
function sfnClient(endpoint: string): SFNClient {
  return new SFNClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'conformance', secretAccessKey: 'conformance' },
    maxAttempts: 1,
    // StartSyncExecution's endpoint is `sync-<host>` on AWS; a loopback endpoint has no such host.
    disableHostPrefix: true,
  });
}

/** The case's signature checks (`server.auth`), as `serve --auth` makes them. */
function caseAuth(c: ConformanceCase): RequestAuth | undefined {
  const keys = c.server?.auth?.keys;
  return keys === undefined ? undefined : createRequestAuth({ keys, region, account });
}

/** What the case's server serves beside Step Functions (trigger, logs, webhook, routes) and its signature checks. */
function otherApis(
  stepwise: Stepwise,
  side: readonly HttpService[],
  auth: RequestAuth | undefined,
): Pick<ListenOptions, 'services' | 'apis' | 'auth'> {
  return {
    services: [...(stepwise.triggerApis === undefined ? [] : triggerHttpServices(stepwise.triggerApis)), ...side],
    apis: stepwise.logsApi === undefined ? [] : [stepwise.logsApi],
    ...(auth === undefined ? {} : { auth }),
  };
}

async function runCase(c: ConformanceCase, server: CaseServer): Promise<TargetResult> {
  // The recording tests sent Python's json.dumps text, which some AWS messages quote back.
  const definition = c.definition_text ?? pythonJsonDumps(c.definition);
  const stateMachineName = `statemachine_${shortId()}`;
  const harness: HarnessValues = { roleArn, roleName, stateMachineName, accountId: account, region };
  const respond = (response: unknown): TargetResult => ({ kind: 'response', response, harness });
  try {
    switch (c.kind) {
      case 'api_calls':
        return await runApiCaseThroughSdk(c, server);
      case 'validate_definition': {
        const request = { ...(c.request ?? {}), definition } as ValidateStateMachineDefinitionInput;
        return respond(withoutMetadata(await server.sfn.send(new ValidateStateMachineDefinitionCommand(request))));
      }
      case 'test_state': {
        const request = { ...asApiStrings(c.request ?? {}), definition } as TestStateInput;
        if (needsRole(c) && request.roleArn === undefined) request.roleArn = roleArn;
        return respond(withoutMetadata(await server.sfn.send(new TestStateCommand(request))));
      }
      case 'invalid_definition':
        await createMachine(c, server, definition, stateMachineName);
        return respond({ created: true });
      case 'sync_execution':
        return respond(await runSync(c, server, definition, stateMachineName));
      default:
        return await runExecution(c, server, definition, harness);
    }
  } catch (error) {
    if (!(error instanceof SFNServiceException)) throw error;
    return respond({ Error: { Code: error.name, Message: error.message }, message: error.message });
  }
}

async function createMachine(
  c: ConformanceCase,
  server: CaseServer,
  definition: string,
  name: string,
): Promise<string> {
  const created = await server.sfn.send(
    new CreateStateMachineCommand({ name, definition, roleArn, type: machineType(c) }),
  );
  return created.stateMachineArn ?? '';
}

/** StartSyncExecution, with the clock moved for the Express runtime while the call is in flight. */
async function runSync(
  c: ConformanceCase,
  server: CaseServer,
  definition: string,
  stateMachineName: string,
): Promise<unknown> {
  const stateMachineArn = await createMachine(c, server, definition, stateMachineName);
  const progress = { answered: false };
  const call = server.sfn
    .send(new StartSyncExecutionCommand({ stateMachineArn, input: caseInput(c) }))
    .finally(() => (progress.answered = true));
  const horizon = server.clock.now() + horizonMillis;
  while (!progress.answered) {
    await runInVirtualTime(server.runtime.express, server.clock, { until: () => progress.answered, horizon });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return withoutMetadata(await call);
}

async function runExecution(
  c: ConformanceCase,
  server: CaseServer,
  definition: string,
  harness: HarnessValues,
): Promise<TargetResult> {
  const stateMachineArn = await createMachine(c, server, definition, harness.stateMachineName ?? '');
  const executionName = c.execution_name ?? randomUUID();
  const { sfn, clock } = server;
  await createFixtures(c, sfn);
  const { input, literals, queueUrl } = await prepareServices(c);
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: executionName, input }));
  const executionArn = started.executionArn ?? '';
  const startTime = clock.now();
  const ended = async (): Promise<boolean> => (await server.store.getExecution(executionArn))?.status !== 'RUNNING';
  const runtime = server.runtime.standard;
  if ((c.other_api_calls ?? []).includes('StopExecution')) {
    const stopAt = startTime + 1000;
    await runInVirtualTime(runtime, clock, { until: ended, horizon: stopAt });
    clock.set(stopAt);
    await sfn.send(new StopExecutionCommand({ executionArn }));
  }
  const worker = activityWorker(c, sfn);
  const consumer = callbackWorker(
    c,
    queueUrl,
    {
      heartbeat: async (taskToken) => {
        await sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
      },
      answer: async (taskToken, answer) => {
        if ('output' in answer) await sfn.send(new SendTaskSuccessCommand({ taskToken, output: answer.output }));
        else await sfn.send(new SendTaskFailureCommand({ taskToken, ...answer }));
      },
    },
    {
      now: () => clock.now(),
      set: (time) => {
        clock.set(time);
      },
      nextWakeTime: () => server.store.nextWakeTime(),
    },
  );
  // The workers take every task waiting after each round of due work, before the clock moves on.
  const served = async (): Promise<boolean> => {
    while ((await worker()) || (consumer !== undefined && (await consumer())));
    return ended();
  };
  await runInVirtualTime(runtime, clock, { until: served, horizon: startTime + horizonMillis });
  const describe = withoutMetadata(await sfn.send(new DescribeExecutionCommand({ executionArn })));
  return {
    kind: 'execution',
    status: describe.status ?? '',
    output: describe.output,
    error: describe.error,
    cause: describe.cause,
    events: await history(sfn, executionArn),
    describe,
    harness: {
      ...harness,
      executionName,
      recordedStateMachineNames: recordedStateMachineNames(c),
      ...(literals === undefined ? {} : { literals }),
    },
  };
}

/** The activity and child state machines the recording test created, through the API. */
async function createFixtures(c: ConformanceCase, sfn: SFNClient): Promise<void> {
  const activityArn = activityArnOf(c);
  if (activityArn !== undefined && activityConsumer(c) !== undefined) {
    await sfn.send(new CreateActivityCommand({ name: activityArn.slice(activityArn.lastIndexOf(':') + 1) }));
  }
  for (const child of childMachines(c)) {
    const definition = JSON.stringify(child.definition);
    await sfn.send(new CreateStateMachineCommand({ name: child.name, definition, roleArn }));
  }
}

/** Serves one waiting activity task with the recording test's worker, through the API; false when none waits. */
function activityWorker(c: ConformanceCase, sfn: SFNClient): () => Promise<boolean> {
  const consumer = activityConsumer(c);
  const activityArn = activityArnOf(c);
  return async () => {
    if (consumer === undefined || activityArn === undefined) return false;
    const workerName = consumer.workerName;
    const task = await sfn.send(
      new GetActivityTaskCommand({ activityArn, ...(workerName === undefined ? {} : { workerName }) }),
    );
    if (task.taskToken === undefined) return false;
    const answer = consumer.answer(task.input ?? '{}');
    const taskToken = task.taskToken;
    if ('output' in answer) await sfn.send(new SendTaskSuccessCommand({ taskToken, output: answer.output }));
    else await sfn.send(new SendTaskFailureCommand({ taskToken, ...answer }));
    return true;
  };
}

async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []).map(asHistoryEvent));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

function asHistoryEvent(event: SdkHistoryEvent): HistoryEvent {
  const { id, previousEventId, timestamp, type, ...details } = event;
  if (type === undefined) throw new Error(`GetExecutionHistory returned event ${String(id)} without a type`);
  // The SDK types every member optional; the service sends the ones its model requires.
  const typed = { ...details, id: id ?? 0, previousEventId: previousEventId ?? 0, timestamp: timestamp ?? '', type };
  return typed as HistoryEvent;
}

/** The recordings keep TestState's `context` and `variables` parsed; the API takes them as JSON text, as boto sent them. */
function asApiStrings(request: Record<string, unknown>): Record<string, unknown> {
  const sent = { ...request };
  for (const key of ['context', 'variables']) {
    const value = sent[key];
    if (value !== undefined && typeof value !== 'string') sent[key] = JSON.stringify(value);
  }
  return sent;
}

function caseInput(c: ConformanceCase): string {
  return c.input_text ?? JSON.stringify(c.input ?? {});
}

function withoutMetadata<T extends { $metadata: unknown }>(response: T): Omit<T, '$metadata'> {
  const rest: Partial<T> = { ...response };
  delete rest.$metadata;
  return rest as Omit<T, '$metadata'>;
}
