// SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: a task token names an execution's task; its
// answer (or heartbeat) becomes the next step of that execution. AWS's refusals: a token never issued
// is InvalidToken, one already answered TaskDoesNotExist, one whose task ended otherwise (timed out,
// stopped, its execution over) TaskTimedOut. A success's output must be JSON (InvalidOutput).

import { jacksonReason, tooDeep, waitsForTask, type EngineInput } from '@stepwise/core';
import type { TaskTokenRecord } from '../store/store.ts';
import { RuntimeError } from './errors.ts';
import type { StepHost } from './step-host.ts';

export type TaskAnswer =
  { kind: 'success'; output: string } | { kind: 'failure'; error?: string; cause?: string } | { kind: 'heartbeat' };

export async function answerTask(host: StepHost, token: string, answer: TaskAnswer): Promise<void> {
  const record = await host.store.getTaskToken(token);
  if (record === undefined) throw new RuntimeError('InvalidToken', "Invalid Token: 'Invalid token'");
  // AWS looks at the token first: an unknown token with a bad output is InvalidToken.
  if (answer.kind === 'success') checkOutput(answer.output);
  refuseClosed(record);
  const input = engineInput(record.taskId, answer);
  const seen = { waiting: false };
  const options =
    answer.kind === 'heartbeat'
      ? // A task without HeartbeatSeconds has no clock to restart: nothing to commit.
        { accept: (result: { commands: readonly unknown[] }) => result.commands.length > 0 }
      : { closeTokens: [{ taskId: record.taskId, reason: 'completed' as const }] };
  await host.apply(
    record.executionArn,
    (state) => {
      seen.waiting = waitsForTask(state, record.taskId);
      return seen.waiting ? input : undefined;
    },
    options,
  );
  if (seen.waiting) return;
  // The task ended before this answer: the token, read again, says how.
  refuseClosed((await host.store.getTaskToken(token)) ?? record);
  throw taskTimedOut();
}

function checkOutput(output: string): void {
  try {
    JSON.parse(output);
  } catch (error) {
    // Jackson's words, as AWS's Java service gives them (docs/choices.md), not V8's.
    const reason = jacksonReason(output, error);
    throw new RuntimeError('InvalidOutput', `Invalid Output: '${reason}'`);
  }
  const deep = tooDeep(output);
  if (deep !== undefined) throw new RuntimeError('InvalidOutput', `Invalid Output: '${deep}'`);
}

function engineInput(taskId: string, answer: TaskAnswer): EngineInput {
  switch (answer.kind) {
    case 'success':
      return { type: 'TaskSucceeded', taskId, output: answer.output };
    case 'failure': {
      // A failure sent with no error is recorded with none (the engine's '' error).
      const input: EngineInput = { type: 'TaskFailed', taskId, error: answer.error ?? '' };
      if (answer.cause !== undefined) input.cause = answer.cause;
      return input;
    }
    case 'heartbeat':
      return { type: 'TaskHeartbeat', taskId };
  }
}

function refuseClosed(record: TaskTokenRecord): void {
  if (record.closedReason === 'completed') {
    throw new RuntimeError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task has already been completed'");
  }
  if (record.closedReason === 'timed-out') throw taskTimedOut();
}

function taskTimedOut(): RuntimeError {
  return new RuntimeError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
}
