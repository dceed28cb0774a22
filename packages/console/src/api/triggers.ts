// The console's reads and changes of triggers: the server's own endpoints (`/console/api/triggers`,
// `/console/api/routes`), since no AWS API lists rules, schedules, pipes, routes and deliveries together.

import { ApiError } from './client.ts';

export interface DeliveryEntry {
  deliveryId: string;
  source: string;
  targetId: string;
  eventId: string;
  time: number;
  attempts: number;
  outcome: 'STARTED' | 'DEAD_LETTERED' | 'DROPPED' | 'FAILED';
  executionArn?: string;
  error?: string;
}

export interface RuleView {
  eventBusName: string;
  name: string;
  arn: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  targets: { Id: string; Arn: string }[];
  recent: DeliveryEntry[];
}

export interface ScheduleView {
  GroupName: string;
  Name: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  State: 'ENABLED' | 'DISABLED';
  Target: { Arn: string };
  nextFires: number[];
}

export interface PipeView {
  Name: string;
  Source: string;
  Target: string;
  DesiredState: 'RUNNING' | 'STOPPED';
  SourceParameters?: {
    SqsQueueParameters?: { BatchSize?: number };
    FilterCriteria?: { Filters?: { Pattern: string }[] };
  };
  TargetParameters?: { InputTemplate?: string; StepFunctionStateMachineParameters?: { InvocationType?: string } };
}

export interface RouteView {
  method: string;
  path: string;
  stateMachineArn: string;
  sync: boolean;
  input?: unknown;
  authorization: 'NONE' | 'AWS_IAM';
  origin: 'file' | 'console';
}

export interface TriggersOverview {
  rules: RuleView[];
  schedules: ScheduleView[];
  pipes: PipeView[];
  routes: RouteView[];
  deliveries: DeliveryEntry[];
  now: number;
}

async function send<T>(method: string, path: string, body?: object): Promise<T> {
  const response = await fetch(path, {
    method,
    // The console session accepts changes only with the console's own content type, from its own origin.
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json().catch(() => ({}))) as { __type?: string; message?: string };
  if (!response.ok) throw new ApiError(answer.__type ?? 'InternalFailure', answer.message ?? response.statusText);
  return answer as T;
}

export function loadTriggers(): Promise<TriggersOverview> {
  return send('GET', '/console/api/triggers');
}

export function addRoute(route: object): Promise<RouteView> {
  return send('POST', '/console/api/routes', route);
}

export function removeRoute(method: string, path: string): Promise<object> {
  return send('DELETE', '/console/api/routes', { method, path });
}
