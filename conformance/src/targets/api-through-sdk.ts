// Runs an `api_calls` case through the AWS SDK for JavaScript (the http target): each step is the SDK's
// command of that operation's name, sent to the case's server, so the answer is what an application sees.

import * as sfnCommands from '@aws-sdk/client-sfn';
import { runInVirtualTime, type ExecutionRuntime, type ManualClock } from 'stepwise';
import { plainAnswer, runApiCalls, type ApiAnswer, type ApiDriver } from '../api-calls.ts';
import type { ConformanceCase } from '../case.ts';
import type { TargetResult } from '../target.ts';

type AnyCommand = new (input: Record<string, unknown>) => Parameters<sfnCommands.SFNClient['send']>[0];

function commandOf(operation: string): AnyCommand {
  const command = (sfnCommands as Record<string, unknown>)[`${operation}Command`];
  if (typeof command !== 'function') throw new Error(`the SDK has no ${operation}Command`);
  return command as AnyCommand;
}

export async function runApiCaseThroughSdk(
  c: ConformanceCase,
  server: { sfn: sfnCommands.SFNClient; runtime: ExecutionRuntime; clock: ManualClock },
): Promise<TargetResult> {
  const Command = (operation: string): AnyCommand => commandOf(operation);
  const driver: ApiDriver = {
    call: async (operation, request): Promise<ApiAnswer> => {
      try {
        const response = (await server.sfn.send(new (Command(operation))(request))) as { $metadata?: unknown };
        delete response.$metadata;
        return { response: plainAnswer(response) };
      } catch (error) {
        if (!(error instanceof sfnCommands.SFNServiceException)) throw error;
        return { error: { code: error.name, message: error.message } };
      }
    },
    advance: (seconds) =>
      runInVirtualTime(server.runtime.standard, server.clock, { horizon: server.clock.now() + seconds * 1000 }),
  };
  return runApiCalls(c.api_calls ?? [], driver);
}
