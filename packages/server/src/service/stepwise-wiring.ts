// The pieces the composition root (create-stepwise.ts) joins: the runtime's options, each account's service
// options, Tasks that call Step Functions itself routed to its service, starts shown to a checker first, and
// the execution logs fed by the runtime's commits.

import { randomUUID } from 'node:crypto';
import type { EvaluationServices } from '@stepwise/core';
import type { ExecutionRuntime, ExecutionRuntimeOptions } from '../runtime/execution-runtime.ts';
import type { TaskPerformer } from '../runtime/task-runner.ts';
import type { LogStore } from '../store/log-store.ts';
import type { AccountServices, AccountServicesOptions } from './accounts.ts';
import { Arns } from './arns.ts';
import { accountGroupKey, accountLogStore } from './cloudwatch-logs/account-log-groups.ts';
import type { StepwiseOptions } from './stepwise-options.ts';
import { ExecutionLogs } from './execution-logs.ts';
import type { ExecutionRuntime as RuntimePort, NewExecution } from './runtime-port.ts';
import { stepFunctionsTaskHandlers } from './step-functions-tasks.ts';
import { engineTestState } from './test-state.ts';

/** The server's region, account, clock reading and evaluation services, with their defaults applied. */
export interface StepwiseScope {
  region: string;
  accountId: string;
  now: () => number;
  services: EvaluationServices;
}

export function stepwiseScope(options: StepwiseOptions, services: EvaluationServices): StepwiseScope {
  const arns = new Arns({ region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012' });
  return { ...arns.scope, now: () => options.clock.now(), services };
}

/**
 * The runtime's options: the caller's settings, with Step Functions' own integrations in front of its Tasks
 * (served by `accounts()`, bound once the services exist) and the execution logs told of every commit.
 */
export function runtimeOptions(
  options: StepwiseOptions,
  scope: StepwiseScope,
  executionLogs: ExecutionLogs | undefined,
  accounts: () => AccountServices | undefined,
): ExecutionRuntimeOptions {
  return {
    ...options.runtime,
    store: options.store,
    clock: options.clock,
    services: scope.services,
    tasks: (options.intercept ?? ((tasks) => tasks))(withSelfCalls(options.tasks, accounts)),
    ...committedObserver(options.runtime?.onCommitted, executionLogs),
  };
}

/** Each account's service over the one store and runtime, with its own ARNs, log groups and TestState. */
export function accountOptions(
  options: StepwiseOptions,
  runtime: RuntimePort,
  scope: StepwiseScope,
): AccountServicesOptions {
  const { region, accountId, now, services } = scope;
  const isolate = options.isolateAccounts === true;
  const invokeTask = options.invokeTask === undefined ? {} : { invokeTask: options.invokeTask };
  return {
    defaultAccount: accountId,
    isolate,
    optionsFor: (account) => ({
      store: options.store,
      runtime,
      arns: new Arns({ region, accountId: account }),
      now,
      random: options.random ?? Math.random,
      uuid: options.uuid ?? randomUUID,
      ...(options.logs === undefined ? {} : { logs: accountLogs(options.logs, isolate, account, accountId) }),
      // With accounts isolated, each has its own log groups: another account's destination is not found.
      ...(isolate ? { logsAccount: account } : {}),
      testState: engineTestState({ region, accountId: account, now, services, ...invokeTask }),
    }),
  };
}

export function openExecutionLogs(
  options: StepwiseOptions,
  now: () => number,
  serverAccount: string,
): ExecutionLogs | undefined {
  if (options.executionLogs === undefined || options.logs === undefined) return undefined;
  // Each account's records go to its own group of the name its machine's destination gives.
  const groupKey = options.isolateAccounts === true ? accountGroupKey(serverAccount) : undefined;
  return new ExecutionLogs({
    store: options.store,
    logs: options.logs,
    now,
    ...options.executionLogs,
    ...(groupKey === undefined ? {} : { groupKey }),
  });
}

/** The log groups an account's service sees: its own when accounts are isolated, else every group. */
function accountLogs(logs: LogStore, isolate: boolean, account: string, serverAccount: string): LogStore {
  return isolate ? accountLogStore(logs, account, serverAccount) : logs;
}

/** The runtime's onCommitted: execution logs first, then the caller's observer (metrics). */
function committedObserver(
  observer: ExecutionRuntimeOptions['onCommitted'],
  logs: ExecutionLogs | undefined,
): Pick<ExecutionRuntimeOptions, 'onCommitted'> {
  if (logs === undefined) return observer === undefined ? {} : { onCommitted: observer };
  if (observer === undefined) return { onCommitted: logs.observe };
  return {
    onCommitted: (record, events) => {
      logs.observe(record, events);
      observer(record, events);
    },
  };
}

/** The performer with Step Functions' own integrations (nested executions) in front, served by `accounts()`. */
function withSelfCalls(tasks: TaskPerformer, accounts: () => AccountServices | undefined): TaskPerformer {
  const selfCalls = stepFunctionsTaskHandlers((account) => {
    const ready = accounts();
    if (ready === undefined) throw new Error('the service is not ready');
    return ready.of(account);
  });
  return {
    execute: (invocation, executeOptions = {}) => {
      const handler = selfCalls.find((candidate) => candidate.handles(invocation.resource));
      return handler === undefined
        ? tasks.execute(invocation, executeOptions)
        : handler.execute(invocation, executeOptions);
    },
  };
}

/** The runtime as the service sees it, each start shown to `beforeStart` first. */
export function checkedStarts(runtime: ExecutionRuntime, beforeStart: StepwiseOptions['beforeStart']): RuntimePort {
  if (beforeStart === undefined) return runtime;
  const checked = (execution: NewExecution): NewExecution => {
    beforeStart(execution);
    return execution;
  };
  return {
    startExecution: (execution) => runtime.startExecution(checked(execution)),
    startExpressExecution: (execution) => runtime.startExpressExecution(checked(execution)),
    runSyncExecution: (execution) => runtime.runSyncExecution(checked(execution)),
    stopExecution: (arn, details) => runtime.stopExecution(arn, details),
    redriveExecution: (arn) => runtime.redriveExecution(arn),
    answerTask: (token, answer) => runtime.answerTask(token, answer),
    getActivityTask: (activityArn, workerName, signal) => runtime.getActivityTask(activityArn, workerName, signal),
    mapRunUpdated: (mapRunArn) => runtime.mapRunUpdated(mapRunArn),
    deleteStateMachine: (arn) => runtime.deleteStateMachine(arn),
  };
}
