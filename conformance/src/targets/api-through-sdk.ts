// Runs an `api_calls` case through the AWS SDK for JavaScript (the http target): each step is the SDK's
// command of that operation's name, of the step's service (Step Functions, EventBridge, Scheduler, Pipes, Logs),
// sent to the case's server, so the answer is what an application sees.

import * as logsCommands from '@aws-sdk/client-cloudwatch-logs';
import * as eventsCommands from '@aws-sdk/client-eventbridge';
import * as pipesCommands from '@aws-sdk/client-pipes';
import * as schedulerCommands from '@aws-sdk/client-scheduler';
import * as sfnCommands from '@aws-sdk/client-sfn';
import type { ExecutionRuntime, ManualClock } from 'stepwise';
import { advanceCase } from '../case-tasks.ts';
import { plainAnswer, runApiCalls, type ApiAnswer, type ApiDriver, type ApiService } from '../api-calls.ts';
import type { ConformanceCase } from '../case.ts';
import { withCaseEndpoint } from '../case-endpoint.ts';
import type { TargetResult } from '../target.ts';

interface AnyClient {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}
type AnyCommand = new (input: Record<string, unknown>) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ErrorClass = abstract new (...args: any[]) => Error;

/** Each service's SDK module: its client class and its commands by name. */
const modules: Record<ApiService, { client: string; commands: Record<string, unknown>; error: ErrorClass }> = {
  states: { client: 'SFNClient', commands: sfnCommands, error: sfnCommands.SFNServiceException },
  events: { client: 'EventBridgeClient', commands: eventsCommands, error: eventsCommands.EventBridgeServiceException },
  scheduler: {
    client: 'SchedulerClient',
    commands: schedulerCommands,
    error: schedulerCommands.SchedulerServiceException,
  },
  pipes: { client: 'PipesClient', commands: pipesCommands, error: pipesCommands.PipesServiceException },
  logs: { client: 'CloudWatchLogsClient', commands: logsCommands, error: logsCommands.CloudWatchLogsServiceException },
};

function commandOf(service: ApiService, operation: string): AnyCommand {
  const command = modules[service].commands[`${operation}Command`];
  if (typeof command !== 'function') throw new Error(`the ${service} SDK has no ${operation}Command`);
  return command as AnyCommand;
}

/** The SDK clients of the case's server, made on first use and destroyed after the case. */
function clientsFor(server: { sfn: sfnCommands.SFNClient; url: string }) {
  const made = new Map<ApiService, AnyClient>([['states', server.sfn]]);
  return {
    of: (service: ApiService): AnyClient => {
      let client = made.get(service);
      if (client === undefined) {
        const Client = modules[service].commands[modules[service].client] as new (config: object) => AnyClient;
        const credentials = { accessKeyId: 'conformance', secretAccessKey: 'conformance' };
        client = new Client({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
        made.set(service, client);
      }
      return client;
    },
    destroy: () => {
      for (const [service, client] of made) if (service !== 'states') client.destroy();
    },
  };
}

export async function runApiCaseThroughSdk(
  c: ConformanceCase,
  server: {
    sfn: sfnCommands.SFNClient;
    url: string;
    runtime: ExecutionRuntime;
    clock: ManualClock;
    retention: { sweep(): Promise<number> } | undefined;
    logs: { flush(): Promise<void> } | undefined;
  },
): Promise<TargetResult> {
  const clients = clientsFor(server);
  const driver: ApiDriver = {
    call: async (operation, request, service): Promise<ApiAnswer> => {
      try {
        const Command = commandOf(service, operation);
        const response = (await clients.of(service).send(new Command(request))) as { $metadata?: unknown };
        delete response.$metadata;
        return { response: plainAnswer(response) };
      } catch (error) {
        if (!(error instanceof modules[service].error)) throw error;
        return { error: { code: error.name, message: error.message } };
      }
    },
    advance: (seconds, exact) => advanceCase({ ...server, runtime: server.runtime.standard }, seconds, exact),
  };
  try {
    return await withCaseEndpoint(c, (endpoint) =>
      runApiCalls(c.api_calls ?? [], driver, endpoint === undefined ? {} : { endpoint }),
    );
  } finally {
    clients.destroy();
  }
}
