// How a pipe starts its state machine through the Step Functions API: FIRE_AND_FORGET is StartExecution (any
// type), REQUEST_RESPONSE (AWS's default) is StartSyncExecution, for Express machines only, and counts as done
// only when the execution succeeded: otherwise the batch stays on its queue, to be read again.

import type { CallContext, StepFunctionsApi } from '../api.ts';
import { ApiError } from '../errors.ts';
import { ownerOf } from '../trigger-accounts.ts';
import type { PipeStart } from './pipe-poller.ts';

export class SyncExecutionFailed extends Error {
  override name = 'SyncExecutionFailed';
}

export function invocationType(parameters: Record<string, unknown> | undefined): string {
  const machine = parameters?.StepFunctionStateMachineParameters as { InvocationType?: string } | undefined;
  return machine?.InvocationType ?? 'REQUEST_RESPONSE';
}

export function pipeStarter(api: StepFunctionsApi, base: CallContext): PipeStart {
  return async (pipe, name, input) => {
    const request = { stateMachineArn: pipe.Target, name, input };
    const owner = ownerOf(pipe.Name);
    // A pipe of another account starts its machine in that account.
    const ctx = owner === undefined ? base : { ...base, account: owner };
    if (invocationType(pipe.TargetParameters) === 'REQUEST_RESPONSE') {
      const ended = (await api.call('StartSyncExecution', request, ctx)) as {
        executionArn: string;
        status: string;
        error?: string;
        cause?: string;
      };
      if (ended.status !== 'SUCCEEDED') {
        const why = [ended.error, ended.cause].filter((part) => part !== undefined).join(': ');
        throw new SyncExecutionFailed(`${ended.executionArn} ended ${ended.status}${why === '' ? '' : ` (${why})`}`);
      }
      return ended.executionArn;
    }
    try {
      return ((await api.call('StartExecution', request, ctx)) as { executionArn: string }).executionArn;
    } catch (error) {
      // Started before a crash kept the messages from being deleted: the same batch finds its execution.
      if (error instanceof ApiError && error.type === 'ExecutionAlreadyExists') {
        return `${pipe.Target.replace(':stateMachine:', ':execution:')}:${name}`;
      }
      throw error;
    }
  };
}
