// CloudWatch Logs operations on log groups and streams: Create/Delete/DescribeLogGroups,
// Put/DeleteRetentionPolicy, CreateLogStream, DescribeLogStreams.

import { ApiError } from '../errors.ts';
import { groupArn, groupNotFound, requestedGroup, type LogsDeps, type LogsHandler } from './logs-context.ts';

/** The retention periods CloudWatch Logs accepts, in days. */
const retentionDays = new Set([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]);

export function logGroupHandlers(deps: LogsDeps): Record<string, LogsHandler> {
  const { logs } = deps;
  return {
    CreateLogGroup: async (request) => {
      const name = request.logGroupName as string;
      if (!(await logs.createLogGroup({ name, creationTime: deps.now() }))) {
        throw new ApiError('ResourceAlreadyExistsException', 'The specified log group already exists');
      }
      return {};
    },
    DeleteLogGroup: async (request) => {
      if (!(await logs.deleteLogGroup(request.logGroupName as string))) throw groupNotFound();
      return {};
    },
    DescribeLogGroups: async (request) => {
      const page = await logs.listLogGroups({
        limit: (request.limit as number | undefined) ?? 50,
        ...optional('prefix', request.logGroupNamePrefix as string | undefined),
        ...optional('nextToken', request.nextToken as string | undefined),
      });
      const logGroups = page.items.map((group) => ({
        logGroupName: group.name,
        creationTime: group.creationTime,
        ...optional('retentionInDays', group.retentionInDays),
        metricFilterCount: 0,
        arn: `${groupArn(deps, group.name)}:*`,
        storedBytes: group.storedBytes,
        logGroupClass: 'STANDARD',
        logGroupArn: groupArn(deps, group.name),
      }));
      return { logGroups, ...optional('nextToken', page.nextToken) };
    },
    PutRetentionPolicy: async (request) => {
      const days = request.retentionInDays as number;
      if (!retentionDays.has(days)) {
        throw new ApiError(
          'InvalidParameterException',
          `1 validation error detected: Value '${String(days)}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${[...retentionDays].join(', ')}]`,
        );
      }
      if (!(await logs.setRetention(request.logGroupName as string, days))) throw groupNotFound();
      return {};
    },
    DeleteRetentionPolicy: async (request) => {
      if (!(await logs.setRetention(request.logGroupName as string, undefined))) throw groupNotFound();
      return {};
    },
    CreateLogStream: async (request) => {
      const created = await logs.createLogStream(
        request.logGroupName as string,
        request.logStreamName as string,
        deps.now(),
      );
      if (created === 'no-group') throw groupNotFound();
      if (created === 'exists')
        throw new ApiError('ResourceAlreadyExistsException', 'The specified log stream already exists');
      return {};
    },
    DescribeLogStreams: (request) => describeLogStreams(deps, request),
  };
}

async function describeLogStreams(deps: LogsDeps, request: Record<string, unknown>): Promise<object> {
  const groupName = requestedGroup(request);
  const orderBy = (request.orderBy as 'LogStreamName' | 'LastEventTime' | undefined) ?? 'LogStreamName';
  if (orderBy === 'LastEventTime' && request.logStreamNamePrefix !== undefined) {
    throw new ApiError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  if ((await deps.logs.getLogGroup(groupName)) === undefined) throw groupNotFound();
  const page = await deps.logs.listLogStreams(groupName, {
    orderBy,
    descending: request.descending === true,
    limit: (request.limit as number | undefined) ?? 50,
    ...optional('prefix', request.logStreamNamePrefix as string | undefined),
    ...optional('nextToken', request.nextToken as string | undefined),
  });
  const logStreams = page.items.map((stream) => ({
    logStreamName: stream.name,
    creationTime: stream.creationTime,
    ...optional('firstEventTimestamp', stream.firstEventTimestamp),
    ...optional('lastEventTimestamp', stream.lastEventTimestamp),
    ...optional('lastIngestionTime', stream.lastIngestionTime),
    arn: `${groupArn(deps, groupName)}:log-stream:${stream.name}`,
    storedBytes: stream.storedBytes,
  }));
  return { logStreams, ...optional('nextToken', page.nextToken) };
}

/** `{ [key]: value }`, or nothing when the value is absent. */
export function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
