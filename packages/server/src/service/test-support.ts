// For service tests: a service over an in-memory SQLite store, fixed time and ids, and a stand-in runtime that
// records executions and their ExecutionStarted event without running them (tests drive their end).

import { newExecutionState, type HistoryEvent } from '@stepwise/core';
import { RuntimeError } from '../runtime/errors.ts';
import { MachineDeletion } from '../runtime/machine-deletion.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { LogStore } from '../store/log-store.ts';
import type { ExecutionRecord, Store } from '../store/store.ts';
import type { StepFunctionsApi } from './api.ts';
import { Arns } from './arns.ts';
import type { ExecutionRuntime, NewExecution, SyncOutcome } from './runtime-port.ts';
import { createStepFunctionsService } from './service.ts';

export const testRoleArn = 'arn:aws:iam::123456789012:role/test';
export const passDefinition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

export function record(execution: NewExecution): ExecutionRecord {
  const info = {
    executionArn: execution.arn,
    name: execution.name,
    roleArn: execution.roleArn,
    stateMachineArn: execution.stateMachineArn,
    stateMachineName: execution.stateMachineName,
  };
  const { arn, name, stateMachineArn, definition, revisionId, roleArn, input, startDate } = execution;
  return {
    arn,
    name,
    stateMachineArn,
    definition,
    revisionId,
    roleArn,
    input,
    startDate,
    ...(execution.stateMachineVersionArn === undefined
      ? {}
      : { stateMachineVersionArn: execution.stateMachineVersionArn }),
    ...(execution.stateMachineAliasArn === undefined ? {} : { stateMachineAliasArn: execution.stateMachineAliasArn }),
    status: 'RUNNING',
    redriveCount: 0,
    state: newExecutionState(info, execution.input, execution.startDate),
    version: 0,
  };
}

/** A runtime that persists executions but never steps them; `end` finishes one as a test needs. */
export class StandInRuntime implements ExecutionRuntime {
  readonly express: NewExecution[] = [];
  syncOutcome: SyncOutcome | undefined;

  constructor(private readonly store: Store) {}

  async startExecution(execution: NewExecution) {
    const created = record(execution);
    const event: HistoryEvent = { id: 1, previousEventId: 0, timestamp: execution.startDate, type: 'ExecutionStarted' };
    const result = await this.store.createExecution(created, { events: [event] });
    return result.created ? { created: true, execution: created } : { created: false, execution: result.existing };
  }

  startExpressExecution(execution: NewExecution): Promise<void> {
    this.express.push(execution);
    return Promise.resolve();
  }

  runSyncExecution(execution: NewExecution): Promise<SyncOutcome> {
    return Promise.resolve(
      this.syncOutcome ?? { status: 'SUCCEEDED', output: execution.input, startDate: 0, stopDate: 250 },
    );
  }

  async end(arn: string, status: ExecutionRecord['status'], at: number): Promise<ExecutionRecord> {
    const execution = await this.store.getExecution(arn);
    if (execution === undefined) throw new Error(`no execution ${arn}`);
    const state = { ...execution.state, status, stopTime: at };
    const event: HistoryEvent = {
      id: 2,
      previousEventId: 1,
      timestamp: at,
      type: status === 'ABORTED' ? 'ExecutionAborted' : 'ExecutionFailed',
    };
    const result = await this.store.commitStep({
      executionArn: arn,
      expectedVersion: execution.version,
      state,
      events: [event],
    });
    if (result !== 'committed') throw new Error(`commit ${result}`);
    const ended = await this.store.getExecution(arn);
    if (ended === undefined) throw new Error('lost');
    return ended;
  }

  stopExecution(arn: string): Promise<ExecutionRecord> {
    return this.end(arn, 'ABORTED', 5000);
  }

  /** Knows no tokens: every answer is InvalidToken (the durable runtime's own tests cover the rest). */
  answerTask(): Promise<void> {
    return Promise.reject(new RuntimeError('InvalidToken', "Invalid Token: 'Invalid token'"));
  }

  /** Marks and deletes as the durable runtime does; its executions never step, so they never fail. */
  deleteStateMachine(stateMachineArn: string): Promise<void> {
    return new MachineDeletion(this.store).begin(stateMachineArn);
  }

  /** Has no tasks: the poll answers with none at once. */
  mapRunUpdated(): Promise<void> {
    return Promise.resolve();
  }

  getActivityTask(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  async redriveExecution(arn: string): Promise<ExecutionRecord> {
    const execution = await this.store.getExecution(arn);
    if (execution === undefined) throw new Error('lost');
    return { ...execution, redriveCount: execution.redriveCount + 1, redriveDate: 6000 };
  }
}

export interface TestService {
  api: StepFunctionsApi;
  store: Store & LogStore;
  runtime: StandInRuntime;
  arns: Arns;
  /** Calls an operation as the HTTP edge would. */
  call(operation: Parameters<StepFunctionsApi['call']>[0], body: object): Promise<Record<string, unknown>>;
  setRandom(value: number): void;
}

export function testService(): TestService {
  const store = openSqliteStore({ file: ':memory:' });
  const runtime = new StandInRuntime(store);
  const arns = new Arns({ region: 'us-east-1', accountId: '123456789012' });
  let clock = 1_700_000_000_000;
  let ids = 0;
  let random = 0;
  const api = createStepFunctionsService({
    store,
    runtime,
    arns,
    logs: store,
    now: () => (clock += 1000),
    random: () => random,
    uuid: () => `00000000-0000-0000-0000-${String(++ids).padStart(12, '0')}`,
  });
  return {
    api,
    store,
    runtime,
    arns,
    call: async (operation, body) =>
      (await api.call(operation, body, { requestId: 'test' })) as Record<string, unknown>,
    setRandom: (value) => {
      random = value;
    },
  };
}
