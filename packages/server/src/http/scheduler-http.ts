// EventBridge Scheduler on the API's port: REST JSON by path (`/schedules/{Name}` with POST, GET, PUT, DELETE;
// `GET /schedules`).

import type { Logger } from 'pino';
import type { ScheduleHandler } from '../service/schedules/schedules-service.ts';
import type { HttpService } from './http-service.ts';
import type { RequestAuth } from './request-auth.ts';
import { restJsonService, type RestRoute } from './rest-json.ts';

/** The operation and request a path, method and query name. */
function route(method: string, path: string, query: URLSearchParams): RestRoute | undefined {
  if (path === '/schedules' && method === 'GET') {
    const request: Record<string, unknown> = {};
    for (const [param, member] of [
      ['NamePrefix', 'NamePrefix'],
      ['ScheduleGroup', 'GroupName'],
      ['State', 'State'],
      ['NextToken', 'NextToken'],
    ]) {
      const value = query.get(param as string);
      if (value !== null) request[member as string] = value;
    }
    const max = query.get('MaxResults');
    if (max !== null) request.MaxResults = Number(max);
    return { operation: 'ListSchedules', request };
  }
  const match = /^\/schedules\/([^/]+)$/.exec(path);
  if (match === null) return undefined;
  const name = decodeURIComponent(match[1] ?? '');
  const group = query.get('groupName');
  const base = { Name: name, ...(group === null ? {} : { GroupName: group }) };
  const operation = { POST: 'CreateSchedule', GET: 'GetSchedule', PUT: 'UpdateSchedule', DELETE: 'DeleteSchedule' }[
    method
  ];
  return operation === undefined ? undefined : { operation, request: base };
}

export function schedulerHttpService(
  handlers: Record<string, ScheduleHandler> | ((account: string | undefined) => Record<string, ScheduleHandler>),
  log: Logger,
  auth?: RequestAuth,
): HttpService {
  return restJsonService({ service: 'scheduler', claims: /^\/schedules(\/|\?|$)/, route, handlers, log, auth });
}
