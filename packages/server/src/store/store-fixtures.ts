// Records for the Store contract suite: small valid rows with the fields that matter overridable.

import assert from 'node:assert/strict';
import { newExecutionState, type ExecutionState, type HistoryEvent, type HistoryEventType } from '@stepwise/core';
import type { ExecutionRecord, StateMachineRecord, WorkItem } from './records.ts';
import type { Store } from './store.ts';

/** Runs `fn` with a fresh store of the implementation under test. */
export type WithStore = (fn: (store: Store) => Promise<void>) => Promise<void>;

export const machineArn = (name: string): string => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;

export function machine(name: string, overrides: Partial<StateMachineRecord> = {}): StateMachineRecord {
  return {
    arn: machineArn(name),
    name,
    type: 'STANDARD',
    definition: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    revisionId: 'rev-1',
    creationDate: 1_000,
    ...overrides,
  };
}

export function executionState(arn: string, machine: string, startTime: number): ExecutionState {
  const name = arn.slice(arn.lastIndexOf(':') + 1);
  const info = { executionArn: arn, name, roleArn: 'r', stateMachineArn: machine, stateMachineName: 'm' };
  return newExecutionState(info, '{"x":1}', startTime);
}

export function execution(name: string, stateMachineArn: string, overrides: Partial<ExecutionRecord> = {}) {
  const arn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  const startDate = overrides.startDate ?? 2_000;
  const record: ExecutionRecord = {
    arn,
    name,
    stateMachineArn,
    definition: '{}',
    revisionId: 'rev-1',
    roleArn: 'r',
    status: 'RUNNING',
    input: '{"x":1}',
    startDate,
    redriveCount: 0,
    state: executionState(arn, stateMachineArn, startDate),
    version: 0,
    ...overrides,
  };
  return record;
}

export function event(id: number, type: HistoryEventType = 'PassStateEntered'): HistoryEvent {
  return { id, previousEventId: id - 1, timestamp: 2_000 + id, type };
}

export function timer(executionArn: string, timerId: string, dueTime: number): WorkItem {
  return { id: `${executionArn}#${timerId}`, executionArn, kind: 'timer', dueTime, timerId };
}

export function task(executionArn: string, taskId: string, dueTime = 0): WorkItem {
  const invocation = { taskId, resource: 'arn:aws:lambda:us-east-1:1:function:f', input: { a: 1 }, stateName: 'T' };
  return { id: `${executionArn}#${taskId}`, executionArn, kind: 'task', dueTime, invocation };
}

/** A terminal copy of an execution state. */
export function succeeded(state: ExecutionState, output: string, stopTime: number): ExecutionState {
  return { ...state, status: 'SUCCEEDED', output, stopTime };
}

/** The value, failing the test when it is undefined. */
export function must<T>(value: T | undefined): T {
  assert.ok(value !== undefined, 'expected a value');
  return value;
}

/** How a store contract opens databases (kept here so the contract's parts need not import each other). */
export interface StoreFactory {
  /** A fresh, empty database. */
  open(): Promise<Store>;
  /** Another node's connection to the database of `store`; absent when one node is all there can be. */
  peer?(store: Store): Promise<Store>;
}
