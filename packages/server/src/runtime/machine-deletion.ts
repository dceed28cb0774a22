// DeleteStateMachine as AWS has it: a machine with running executions is DELETING until the last one ends,
// and each of its executions fails at its next transition (States.Runtime, "State machine … has been deleted.").

import { StatesErrors, type EngineInput } from '@stepwise/core';
import type { ExecutionRecord, Store } from '../store/store.ts';

/** How often the machines being deleted are read again: another node (PostgreSQL) may have marked one. */
const refreshMillis = 5_000;

/** The inputs that move an execution to its next state; a heartbeat or a worker's pick-up does not. */
const transitions: ReadonlySet<EngineInput['type']> = new Set([
  'TimerFired',
  'TaskSucceeded',
  'TaskFailed',
  'MapRunEnded',
]);

/** AWS's cause for an execution ended by its machine's deletion. */
export function deletedMachineCause(stateMachineArn: string): string {
  const name = stateMachineArn.slice(stateMachineArn.lastIndexOf(':') + 1);
  return `State machine ${name} has been deleted.`;
}

export class MachineDeletion {
  private deleting = new Set<string>();
  private refreshAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly store: Store) {}

  /** Marks the machine DELETING (its versions and aliases go at once); it goes now if nothing runs. */
  async begin(stateMachineArn: string): Promise<void> {
    if (!(await this.store.markStateMachineDeleting(stateMachineArn))) return;
    this.deleting.add(stateMachineArn);
    await this.finish(stateMachineArn);
  }

  /** The input to apply instead of `input`: a transition of a deleted machine's execution fails it. */
  inputFor(record: ExecutionRecord, input: EngineInput): EngineInput {
    if (!this.deleting.has(record.stateMachineArn) || !transitions.has(input.type)) return input;
    return { type: 'FailExecution', error: StatesErrors.Runtime, cause: deletedMachineCause(record.stateMachineArn) };
  }

  /** An execution ended: its machine goes if it was being deleted and this was its last. */
  async ended(record: ExecutionRecord): Promise<void> {
    if (this.deleting.has(record.stateMachineArn)) await this.finish(record.stateMachineArn);
  }

  /** Reads the machines being deleted again (at most every few seconds) and removes those nothing runs in. */
  async refresh(now: number): Promise<void> {
    if (now < this.refreshAt) return;
    this.refreshAt = now + refreshMillis;
    this.deleting = new Set(await this.store.listDeletingStateMachines());
    for (const arn of this.deleting) await this.finish(arn);
  }

  private async finish(stateMachineArn: string): Promise<void> {
    const running = await this.store.listExecutions({ stateMachineArn, status: 'RUNNING' }, { limit: 1 });
    if (running.items.length > 0) return;
    await this.store.deleteStateMachine(stateMachineArn, { onlyDeleting: true });
    this.deleting.delete(stateMachineArn);
  }
}
