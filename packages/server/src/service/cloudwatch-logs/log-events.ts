// CloudWatch Logs operations on events: PutLogEvents, GetLogEvents (one stream, from the head or the
// tail, with forward and backward tokens) and FilterLogEvents (a group, a filter pattern, a time range).

import type { LogEventQuery, LogEventRecord, LogStore } from '../../store/log-store.ts';
import { ApiError } from '../errors.ts';
import { compileFilterPattern } from './filter-pattern.ts';
import { optional } from './log-groups.ts';
import { groupNotFound, requestedGroup, streamNotFound, type LogsDeps, type LogsHandler } from './logs-context.ts';

/** Rows FilterLogEvents reads per call at most: a rare pattern answers a page with a token, never a long scan. */
const maxScannedPerCall = 10_000;
const scanPage = 1_000;

export function logEventHandlers(deps: LogsDeps): Record<string, LogsHandler> {
  return {
    PutLogEvents: async (request) => {
      const groupName = request.logGroupName as string;
      const streamName = request.logStreamName as string;
      await checkStream(deps.logs, groupName, streamName);
      const events = request.logEvents as { timestamp: number; message: string }[];
      await deps.logs.putLogEvents([{ groupName, streamName, events }], deps.now());
      return {};
    },
    GetLogEvents: (request) => getLogEvents(deps.logs, request),
    FilterLogEvents: (request) => filterLogEvents(deps.logs, request),
  };
}

async function checkStream(logs: LogStore, groupName: string, streamName: string): Promise<void> {
  if ((await logs.getLogGroup(groupName)) === undefined) throw groupNotFound();
  const streams = await logs.listLogStreams(groupName, {
    prefix: streamName,
    orderBy: 'LogStreamName',
    descending: false,
    limit: 1,
  });
  if (streams.items[0]?.name !== streamName) throw streamNotFound();
}

/** A GetLogEvents token: `f/` reads on after a position, `b/` back before it; `start` is the very beginning. */
function readToken(token: string | undefined): { forward: boolean; position?: string } | undefined {
  if (token === undefined) return undefined;
  const match = /^([fb])\/(.+)$/.exec(token);
  if (match === null) throw new ApiError('InvalidParameterException', 'The specified nextToken is invalid.');
  const position = match[2] === 'start' ? undefined : match[2];
  return { forward: match[1] === 'f', ...optional('position', position) };
}

async function getLogEvents(logs: LogStore, request: Record<string, unknown>): Promise<object> {
  const groupName = requestedGroup(request);
  const streamName = request.logStreamName as string;
  await checkStream(logs, groupName, streamName);
  const token = readToken(request.nextToken as string | undefined);
  // Without a token, AWS reads the newest events unless startFromHead; the page is always in time order.
  const forward = token?.forward ?? request.startFromHead === true;
  const query: LogEventQuery = {
    streamNames: [streamName],
    descending: !forward,
    limit: (request.limit as number | undefined) ?? 10_000,
    ...optional('startTime', request.startTime as number | undefined),
    ...optional('endTime', request.endTime as number | undefined),
    ...optional('nextToken', token?.position),
  };
  const page = await paged(() => logs.queryLogEvents(groupName, query));
  const items = forward ? page.items : page.items.reverse();
  const given = request.nextToken as string | undefined;
  const first = items[0];
  const last = items.at(-1);
  return {
    events: items.map((event) => ({
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
    })),
    // At the end of the stream the token given comes back, which is how clients know to stop.
    nextForwardToken: last === undefined ? (given ?? 'f/start') : `f/${last.position}`,
    nextBackwardToken: first === undefined ? (given ?? 'b/start') : `b/${first.position}`,
  };
}

async function filterLogEvents(logs: LogStore, request: Record<string, unknown>): Promise<object> {
  const groupName = requestedGroup(request);
  if (request.logStreamNames !== undefined && request.logStreamNamePrefix !== undefined) {
    throw new ApiError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive');
  }
  if ((await logs.getLogGroup(groupName)) === undefined) throw groupNotFound();
  const matches = compileFilterPattern(request.filterPattern as string | undefined);
  const limit = (request.limit as number | undefined) ?? 10_000;
  const query: LogEventQuery = {
    limit: Math.min(scanPage, limit),
    ...optional('streamNames', request.logStreamNames as string[] | undefined),
    ...optional('streamPrefix', request.logStreamNamePrefix as string | undefined),
    ...optional('startTime', request.startTime as number | undefined),
    ...optional('endTime', request.endTime as number | undefined),
  };
  const { found, after } = await scan(logs, groupName, query, matches, {
    limit,
    ...optional('after', request.nextToken as string | undefined),
  });
  const events = found.map((event) => ({
    logStreamName: event.streamName,
    timestamp: event.timestamp,
    message: event.message,
    ingestionTime: event.ingestionTime,
    eventId: event.eventId,
  }));
  return { events, searchedLogStreams: [], ...optional('nextToken', after) };
}

/** Reads pages in time order, keeping the matching events, until `limit` match or the scan budget is spent. */
async function scan(
  logs: LogStore,
  groupName: string,
  query: LogEventQuery,
  matches: (message: string) => boolean,
  options: { limit: number; after?: string },
): Promise<{ found: LogEventRecord[]; after?: string }> {
  const found: LogEventRecord[] = [];
  let after = options.after;
  for (let scanned = 0; scanned < maxScannedPerCall;) {
    const page = await paged(() => logs.queryLogEvents(groupName, { ...query, ...optional('nextToken', after) }));
    scanned += page.items.length;
    for (const event of page.items) {
      if (!matches(event.message)) continue;
      found.push(event);
      // A full answer continues right after its last event, which may be in the middle of this page.
      if (found.length === options.limit) {
        const rest = event === page.items.at(-1) ? page.nextToken : event.position;
        return { found, ...optional('after', rest) };
      }
    }
    after = page.nextToken;
    if (after === undefined) return { found };
  }
  return { found, ...optional('after', after) };
}

/** A store query, its unreadable token answered as AWS does. */
async function paged<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidPageTokenError') {
      throw new ApiError('InvalidParameterException', 'The specified nextToken is invalid.');
    }
    throw error;
  }
}
