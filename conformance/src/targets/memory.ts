// The in-memory target: decodes the case's definition with @stepwise/core and runs it to completion with
// the local runner on a virtual clock, Lambda calls answered by the case's local handlers.

import { randomUUID } from 'node:crypto';
import {
  compileMachine,
  decodeDefinition,
  formatInvalidDefinitionMessage,
  runLocally,
  testState,
  toValidateResponse,
  taskPattern,
  type ExecutionInfo,
  type TaskInvocation,
  type TaskResult,
  type TestStateRequest,
} from '@stepwise/core';
import { describeExecution, nodeServices, openSqliteStore } from 'stepwise';
import { prepareServices } from '../aws-services.ts';
import type { ConformanceCase } from '../case.ts';
import { caseStartTime, caseTasks } from '../case-tasks.ts';
import { activityConsumer } from '../fixtures.ts';
import { pythonJsonDumps } from '../python-text.ts';
import type { HarnessValues, Target, TargetResult } from '../target.ts';
import { notYetTargeted } from './not-yet-targeted.ts';
import { runApiCaseInProcess } from './api-in-process.ts';
import { runSyncCaseInProcess } from './sync-in-process.ts';

const account = '111111111111';
const region = 'us-east-1';
const roleName = 'stepwise-conformance';
const roleArn = `arn:aws:iam::${account}:role/${roleName}`;
/** Virtual time the memory target runs to; later timers leave the execution RUNNING (as AWS recorded). */
const horizonMillis = 2 * 365 * 24 * 3600 * 1000;

export const memoryTarget: Target = {
  name: 'memory',
  run: (c) => runCase(c),
};

async function runCase(c: ConformanceCase): Promise<TargetResult> {
  // The recording tests sent Python's json.dumps text, which some AWS messages quote back.
  const text = c.definition_text ?? pythonJsonDumps(c.definition);
  // The local runner has no Step Functions service to start a child with, and answers each task at once
  // (no token to wait for): nested executions and callbacks are left to the runtime targets.
  const skip = notYetTargeted(c, { nestedExecutions: false, callbacks: false });
  if (skip !== undefined) return { kind: 'skipped', reason: skip };
  if (c.kind === 'sync_execution') return runSyncInMemory(c, text);
  if (c.kind === 'api_calls') return runApiCaseInMemory(c);
  if (c.kind === 'test_state') return runTestState(c, text);
  const decoded = decodeDefinition(text, { type: machineType(c) });
  const harness: HarnessValues = {
    roleArn,
    roleName,
    stateMachineName: `statemachine_${shortId()}`,
    accountId: account,
    region,
  };
  if (c.kind === 'validate_definition')
    return { kind: 'response', response: toValidateResponse(decoded.diagnostics), harness };
  if (decoded.definition === undefined) {
    const message = formatInvalidDefinitionMessage(decoded.diagnostics, text);
    return { kind: 'response', response: { Error: { Code: 'InvalidDefinition', Message: message }, message }, harness };
  }
  if (c.kind === 'invalid_definition') return { kind: 'response', response: { created: true }, harness };
  const executionName = c.execution_name ?? randomUUID();
  const { input, literals } = await prepareServices(c);
  const machine = compileMachine(decoded.definition);
  return runExecution(
    c,
    machine,
    { ...harness, executionName, ...(literals === undefined ? {} : { literals }) },
    input,
  );
}

async function runExecution(
  c: ConformanceCase,
  machine: ReturnType<typeof compileMachine>,
  harness: HarnessValues & { executionName: string },
  input: string,
): Promise<TargetResult> {
  const stateMachineName = harness.stateMachineName ?? 'sm';
  const execution: ExecutionInfo = {
    executionArn: `arn:aws:states:${region}:${account}:execution:${stateMachineName}:${harness.executionName}`,
    name: harness.executionName,
    roleArn,
    stateMachineArn: `arn:aws:states:${region}:${account}:stateMachine:${stateMachineName}`,
    stateMachineName,
  };
  const startTime = caseStartTime();
  const stops = (c.other_api_calls ?? []).includes('StopExecution')
    ? [{ at: startTime + 1000, input: { type: 'StopExecution' as const } }]
    : [];
  const { state, events } = await runLocally(machine, {
    execution,
    input,
    startTime,
    services: nodeServices,
    invokeTask: withActivityWorker(c, caseTasks(c)),
    // The case's activity exists when the recording test ran a worker for it.
    activityExists: () => activityConsumer(c) !== undefined,
    scheduled: stops,
    horizon: startTime + horizonMillis,
  });
  return {
    kind: 'execution',
    status: state.status,
    output: state.output,
    error: state.error,
    cause: state.cause,
    events: events.map((event) => ({ ...event, timestamp: new Date(event.timestamp) })),
    describe: describeExecution(state, state.stopTime ?? state.startTime),
    harness,
  };
}

/** The API lives in the service, which keeps its state in a store: an in-memory SQLite database here. */
async function runApiCaseInMemory(c: ConformanceCase): Promise<TargetResult> {
  const store = openSqliteStore({ file: ':memory:' });
  try {
    return await runApiCaseInProcess(c, store);
  } finally {
    await store.close();
  }
}

/** StartSyncExecution answers from the service (it shapes the response), over SQLite in memory. */
async function runSyncInMemory(c: ConformanceCase, definition: string): Promise<TargetResult> {
  const store = openSqliteStore({ file: ':memory:' });
  const harness = { roleArn, roleName, stateMachineName: `statemachine_${shortId()}`, accountId: account, region };
  try {
    return await runSyncCaseInProcess(c, store, definition, harness);
  } finally {
    await store.close();
  }
}

/** Activity tasks are taken and answered at once by the recording test's worker; the rest as `tasks` does. */
function withActivityWorker(
  c: ConformanceCase,
  tasks: (invocation: TaskInvocation) => Promise<TaskResult>,
): (invocation: TaskInvocation) => Promise<TaskResult> {
  const consumer = activityConsumer(c);
  return (invocation) => {
    if (taskPattern(invocation.resource) !== 'activity') return tasks(invocation);
    if (consumer === undefined)
      return Promise.resolve({ error: 'States.Runtime', cause: 'no worker for this activity' });
    const started = consumer.workerName === undefined ? {} : { workerName: consumer.workerName };
    return Promise.resolve({ ...consumer.answer(JSON.stringify(invocation.input)), started });
  };
}

export function machineType(c: ConformanceCase): 'STANDARD' | 'EXPRESS' {
  const requested = c.request?.type;
  if (requested === 'EXPRESS' || requested === 'STANDARD') return requested;
  return c.state_machine_type ?? 'STANDARD';
}

export function shortId(): string {
  // No '-': a corpus case splits the state machine name on it.
  return randomUUID().replaceAll('-', '').slice(0, 12);
}

/** TestState through core's testState; the case's Lambda handlers answer unmocked Lambda tasks. */
async function runTestState(c: ConformanceCase, definition: string): Promise<TargetResult> {
  const request = { ...(c.request ?? {}), definition } as TestStateRequest;
  // The recording tests sent a role only where a state needs one (TestState shows RoleArn null otherwise).
  if (needsRole(c) && request.roleArn === undefined) request.roleArn = roleArn;
  const result = await testState(request, {
    now: () => Date.now(),
    evaluation: nodeServices,
    region,
    accountId: account,
    invokeTask: caseTasks(c),
  });
  const harness: HarnessValues = { roleArn, roleName, accountId: account, region };
  if (result.kind === 'rejected') {
    const response = { Error: { Code: result.code, Message: result.message }, message: result.message };
    return { kind: 'response', response, harness };
  }
  return { kind: 'response', response: result.response, harness };
}

/** Whether the recording tests sent a role with this TestState request. */
export function needsRole(c: ConformanceCase): boolean {
  if (c.id.includes('no_role_arn')) return false;
  const definition = c.definition as Record<string, unknown> | null;
  const states = definition?.States as Record<string, { Type?: string }> | undefined;
  const stateName = c.request?.stateName;
  const type = typeof definition?.Type === 'string' ? definition.Type : states?.[String(stateName)]?.Type;
  return type === undefined || ['Task', 'Map', 'Parallel'].includes(type);
}
