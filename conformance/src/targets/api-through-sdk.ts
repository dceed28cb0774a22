// Runs an `api_calls` case through the AWS SDK for JavaScript (the http target): each step is the SDK's
// command of that operation's name, of the step's service (Step Functions, EventBridge, Scheduler, Pipes, Logs),
// sent to the case's server, so the answer is what an application sees. `HTTP` steps are plain requests to that
// server; `sqs` steps go to the harness's moto.

import * as logsCommands from '@aws-sdk/client-cloudwatch-logs';
import * as eventsCommands from '@aws-sdk/client-eventbridge';
import * as pipesCommands from '@aws-sdk/client-pipes';
import * as schedulerCommands from '@aws-sdk/client-scheduler';
import * as sfnCommands from '@aws-sdk/client-sfn';
import type { ExecutionRuntime, ManualClock } from 'stepwise';
import { advanceCase } from '../case-tasks.ts';
import {
  plainAnswer,
  runApiCalls,
  type ApiAnswer,
  type ApiDriver,
  type ApiService,
  type CallSigner,
} from '../api-calls.ts';
import type { ConformanceCase } from '../case.ts';
import { withCaseEndpoint } from '../case-endpoint.ts';
import { given, type CaseLocalCode } from '../case-local-code.ts';
import { caseHttpCall } from '../case-http-server.ts';
import { caseSpans, type CaseOtlp } from '../case-otlp.ts';
import type { CaseDeliveries } from '../case-side-services.ts';
import { motoSqsCall } from '../moto-calls.ts';
import { prepareApiCase } from './api-in-process.ts';
import type { TargetResult } from '../target.ts';

interface AnyClient {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}
type AnyCommand = new (input: Record<string, unknown>) => unknown;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ErrorClass = abstract new (...args: any[]) => Error;

type ServerService = Exclude<ApiService, 'sqs'>;

/** Each service's SDK module: its client class and its commands by name. */
const modules: Record<ServerService, { client: string; commands: Record<string, unknown>; error: ErrorClass }> = {
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

function commandOf(service: ServerService, operation: string): AnyCommand {
  const command = modules[service].commands[`${operation}Command`];
  if (typeof command !== 'function') throw new Error(`the ${service} SDK has no ${operation}Command`);
  return command as AnyCommand;
}

interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
  disableHostPrefix: boolean;
}

/** Middleware that takes the signature off a request after the SDK signed it (an unsigned call). */
function unsigned(client: AnyClient): void {
  const stack = (client as unknown as { middlewareStack: MiddlewareStack }).middlewareStack;
  stack.addRelativeTo(
    (next: (args: { request: { headers: Record<string, string> } }) => Promise<unknown>) =>
      (args: { request: { headers: Record<string, string> } }) => {
        const signature = /^(authorization|x-amz-date|x-amz-content-sha256|x-amz-security-token)$/i;
        const headers = Object.entries(args.request.headers).filter(([name]) => !signature.test(name));
        args.request.headers = Object.fromEntries(headers);
        return next(args);
      },
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'conformanceUnsigned' },
  );
}
interface MiddlewareStack {
  addRelativeTo(middleware: unknown, options: { relation: 'after'; toMiddleware: string; name: string }): void;
}

/** The SDK clients of the case's server, one per service and signer, made on first use and destroyed after. */
function clientsFor(server: { sfn: sfnCommands.SFNClient; url: string }) {
  const made = new Map<string, AnyClient>([['states "harness"', server.sfn]]);
  return {
    of: (service: ServerService, signer: CallSigner | undefined): AnyClient => {
      const key = `${service} ${JSON.stringify(signer ?? 'harness')}`;
      let client = made.get(key);
      if (client === undefined) {
        const Client = modules[service].commands[modules[service].client] as new (config: ClientConfig) => AnyClient;
        const keyOf = signer === undefined || signer === 'none' ? undefined : signer;
        client = new Client({
          endpoint: server.url,
          region: keyOf?.region ?? 'us-east-1',
          credentials: keyOf ?? { accessKeyId: 'conformance', secretAccessKey: 'conformance' },
          maxAttempts: 1,
          disableHostPrefix: true,
        });
        if (signer === 'none') unsigned(client);
        made.set(key, client);
      }
      return client;
    },
    destroy: () => {
      for (const client of made.values()) if (client !== server.sfn) client.destroy();
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
    deliveries: CaseDeliveries;
    otlp: CaseOtlp | undefined;
    local: CaseLocalCode | undefined;
  },
): Promise<TargetResult> {
  const skip = await prepareApiCase(c);
  if (skip !== undefined) return { kind: 'skipped', reason: skip };
  const clients = clientsFor(server);
  const driver: ApiDriver = {
    call: async (operation, request, service, signer): Promise<ApiAnswer> => {
      if (service === 'sqs') return motoSqsCall(operation, request);
      try {
        const Command = commandOf(service, operation);
        const response = (await clients.of(service, signer).send(new Command(request))) as { $metadata?: unknown };
        delete response.$metadata;
        return { response: plainAnswer(response) };
      } catch (error) {
        if (!(error instanceof modules[service].error)) throw error;
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        return { error: { code: error.name, message: error.message, ...(status === undefined ? {} : { status }) } };
      }
    },
    advance: (seconds, exact) => advanceCase({ ...server, runtime: server.runtime.standard }, seconds, exact),
    http: (request, signer) =>
      caseHttpCall(server.url, request, { runtime: server.runtime.express, clock: server.clock }, signer),
    spans: () => caseSpans(server.otlp),
  };
  try {
    if (server.local !== undefined) driver.load = server.local.reload;
    return await withCaseEndpoint(c, (endpoint) =>
      runApiCalls(c.api_calls ?? [], driver, given(endpoint, server.local)),
    );
  } finally {
    clients.destroy();
  }
}
