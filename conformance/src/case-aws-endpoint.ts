// The AWS endpoint a case may declare (`server.awsEndpoint`): a node:http server on 127.0.0.1 answering each
// AWS operation with the case's JSON, one answer after another (a job's lifecycle), pointed to by the case's
// server as `serve --aws-endpoint URL` points it: its service integrations and its `.sync` job polls.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TaskInvocation } from '@stepwise/core';
import { integrations, jobPerformer, type ExecuteOptions, type StepwiseOptions, type TaskOutcome } from 'stepwise';
import type { ConformanceCase } from './case.ts';
import { caseRegion } from './case-tasks.ts';

/** The case format's `server.awsEndpoint`. */
export interface AwsEndpointOptions {
  /**
   * By operation (a JSON protocol's X-Amz-Target action, `RunTask`; a REST path, Batch's `/v1/describejobs`):
   * the JSON answered, or a list of them answered in turn, the last again once the list is used up.
   */
  answers: Record<string, unknown>;
}

type Perform = (invocation: TaskInvocation, options?: ExecuteOptions) => Promise<TaskOutcome>;

export interface CaseAwsEndpoint {
  /** The Task performer: what the AWS integrations handle goes to the endpoint; the rest to `others`. */
  tasks: (others: Perform) => { execute: Perform };
  /** The runtime's `.sync` job polls and stops, sent to the endpoint. */
  jobs: NonNullable<NonNullable<StepwiseOptions['runtime']>['jobs']>;
  close: () => Promise<void>;
}

/** Starts the case's endpoint, or gives undefined when it declares none. */
export async function startCaseAwsEndpoint(c: ConformanceCase): Promise<CaseAwsEndpoint | undefined> {
  const declared = c.server?.awsEndpoint;
  if (declared === undefined) return undefined;
  const server = await listening(declared.answers);
  const aws = {
    region: caseRegion,
    endpoint: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    credentials: { accessKeyId: 'conformance', secretAccessKey: 'conformance' },
  };
  const { handlers } = integrations({ region: caseRegion, aws });
  return {
    tasks: (others) => ({
      execute: (invocation, options) => {
        const handler = handlers.find((candidate) => candidate.handles(invocation.resource));
        return handler === undefined ? others(invocation, options) : handler.execute(invocation, options ?? {});
      },
    }),
    jobs: jobPerformer(aws),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

async function listening(answers: Record<string, unknown>): Promise<Server> {
  const answered = new Map<string, number>();
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const operation = typeof target === 'string' ? (target.split('.')[1] ?? '') : (request.url ?? '');
      const given = Object.hasOwn(answers, operation) ? answers[operation] : undefined;
      const count = answered.get(operation) ?? 0;
      answered.set(operation, count + 1);
      const answer: unknown = Array.isArray(given) ? given[Math.min(count, given.length - 1)] : given;
      const unknown = { __type: 'UnknownOperationException', message: `the case gives no answer to ${operation}` };
      response.writeHead(answer === undefined ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(answer ?? unknown));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}
