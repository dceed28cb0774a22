// The CloudWatch Logs operations Stepwise serves, with their request members' constraints as the Logs API
// reference gives them (checked by the same validator as Step Functions requests).

import { bool, int, list, obj, oneOf, optional, required, str, type Members, type Rule } from '../validate-request.ts';

const groupName = str(1, 512, { pattern: /^[.\-_/#A-Za-z0-9]+$/ });
const groupIdentifier = str(1, 2048, { pattern: /^[\w#+=/:,.@-]*$/ });
const streamName = str(1, 512, { pattern: /^[^:*]*$/ });
const token = str(1);
const time = int(0);
const tags: Rule = { kind: 'object', members: {} };

export const logsShapes = {
  CreateLogGroup: {
    logGroupName: required(groupName),
    kmsKeyId: optional(str(0, 256)),
    tags: optional(tags),
    logGroupClass: optional(oneOf('STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY')),
  },
  DeleteLogGroup: { logGroupName: required(groupName) },
  DescribeLogGroups: {
    logGroupNamePrefix: optional(groupName),
    logGroupNamePattern: optional(str(0, 512)),
    nextToken: optional(token),
    limit: optional(int(1, 50)),
  },
  PutRetentionPolicy: { logGroupName: required(groupName), retentionInDays: required(int()) },
  DeleteRetentionPolicy: { logGroupName: required(groupName) },
  CreateLogStream: { logGroupName: required(groupName), logStreamName: required(streamName) },
  DescribeLogStreams: {
    logGroupName: optional(groupName),
    logGroupIdentifier: optional(groupIdentifier),
    logStreamNamePrefix: optional(streamName),
    orderBy: optional(oneOf('LogStreamName', 'LastEventTime')),
    descending: optional(bool),
    nextToken: optional(token),
    limit: optional(int(1, 50)),
  },
  PutLogEvents: {
    logGroupName: required(groupName),
    logStreamName: required(streamName),
    logEvents: required(list(obj({ timestamp: required(time), message: required(str(1)) }), 1, 10000)),
    sequenceToken: optional(token),
  },
  GetLogEvents: {
    logGroupName: optional(groupName),
    logGroupIdentifier: optional(groupIdentifier),
    logStreamName: required(streamName),
    startTime: optional(time),
    endTime: optional(time),
    nextToken: optional(token),
    limit: optional(int(1, 10000)),
    startFromHead: optional(bool),
    unmask: optional(bool),
  },
  FilterLogEvents: {
    logGroupName: optional(groupName),
    logGroupIdentifier: optional(groupIdentifier),
    logStreamNames: optional(list(streamName, 1, 100)),
    logStreamNamePrefix: optional(streamName),
    startTime: optional(time),
    endTime: optional(time),
    filterPattern: optional(str(0, 1024)),
    nextToken: optional(token),
    limit: optional(int(1, 10000)),
    interleaved: optional(bool),
    unmask: optional(bool),
  },
} satisfies Record<string, Members>;

export type LogsOperation = keyof typeof logsShapes;

export function isLogsOperation(name: string): name is LogsOperation {
  return Object.hasOwn(logsShapes, name);
}
