// Every supported operation's request members with AWS's constraints (lengths, enums, ranges), checked before
// any semantics run. Sizes follow the Step Functions API reference.

import {
  bool,
  double,
  int,
  list,
  obj,
  oneOf,
  optional,
  required,
  str,
  type Members,
  type Rule,
} from './validate-request.ts';

const arn = str(1, 256);
const longArn = str(1, 2000);
const name = str(1, 80);
const definition = str(1, 1048576, { sensitive: true });
/** Execution input and output: 256 KiB (AWS counts UTF-8 bytes; checked again in the service). */
const payload = str(0, 262144, { sensitive: true });
const pageToken = str(1, 1024);
const maxResults = int(0, 1000);
const stateMachineType = oneOf('STANDARD', 'EXPRESS');
const includedData = oneOf('ALL_DATA', 'METADATA_ONLY');
const versionDescription = str(0, 256, { sensitive: true });
const tag: Rule = obj({ key: optional(str(1, 128)), value: optional(str(0, 256)) });
const logging: Rule = obj({
  level: optional(oneOf('ALL', 'ERROR', 'FATAL', 'OFF')),
  includeExecutionData: optional(bool),
  destinations: optional(list(obj({ cloudWatchLogsLogGroup: optional(obj({ logGroupArn: optional(str(1, 256)) })) }))),
});
const tracing: Rule = obj({ enabled: optional(bool) });
const encryption: Rule = obj({
  kmsKeyId: optional(str(1, 2048)),
  kmsDataKeyReusePeriodSeconds: optional(int(60, 900)),
  type: required(oneOf('AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY')),
});
const routing = list(
  obj({ stateMachineVersionArn: required(arn), weight: required(int(0, 100)) }, 'RoutingConfigurationListItem'),
  1,
  2,
);
// AWS's pattern: at least one letter, '_', '-' or '.', so that an alias name never reads as a version number.
// (A string, not a literal, so that its source keeps AWS's escapes: the message quotes it.)
const aliasName = str(1, 80, { pattern: new RegExp('^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$') });
const taskToken = str(1, 2048);

export const requestShapes = {
  CreateStateMachine: {
    name: required(name),
    definition: required(definition),
    roleArn: required(arn),
    type: optional(stateMachineType),
    loggingConfiguration: optional(logging),
    tags: optional(list(tag)),
    tracingConfiguration: optional(tracing),
    publish: optional(bool),
    versionDescription: optional(versionDescription),
    encryptionConfiguration: optional(encryption),
  },
  UpdateStateMachine: {
    stateMachineArn: required(arn),
    definition: optional(definition),
    roleArn: optional(arn),
    loggingConfiguration: optional(logging),
    tracingConfiguration: optional(tracing),
    publish: optional(bool),
    versionDescription: optional(versionDescription),
    encryptionConfiguration: optional(encryption),
  },
  DeleteStateMachine: { stateMachineArn: required(arn) },
  DescribeStateMachine: { stateMachineArn: required(arn), includedData: optional(includedData) },
  DescribeStateMachineForExecution: { executionArn: required(arn), includedData: optional(includedData) },
  ListStateMachines: { maxResults: optional(maxResults), nextToken: optional(pageToken) },
  ValidateStateMachineDefinition: {
    definition: required(definition),
    type: optional(stateMachineType),
    severity: optional(oneOf('ERROR', 'WARNING')),
    maxResults: optional(int(0, 100)),
  },
  StartExecution: {
    stateMachineArn: required(arn),
    name: optional(name),
    input: optional(payload),
    traceHeader: optional(str(0, 256)),
  },
  StartSyncExecution: {
    stateMachineArn: required(arn),
    name: optional(name),
    input: optional(payload),
    traceHeader: optional(str(0, 256)),
    includedData: optional(includedData),
  },
  StopExecution: {
    executionArn: required(arn),
    error: optional(str(0, 256, { sensitive: true })),
    cause: optional(str(0, 32768, { sensitive: true })),
  },
  DescribeExecution: { executionArn: required(arn), includedData: optional(includedData) },
  ListExecutions: {
    stateMachineArn: optional(arn),
    statusFilter: optional(oneOf('RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE')),
    maxResults: optional(maxResults),
    nextToken: optional(str(1, 3096)),
    mapRunArn: optional(longArn),
    redriveFilter: optional(oneOf('REDRIVEN', 'NOT_REDRIVEN')),
  },
  GetExecutionHistory: {
    executionArn: required(arn),
    maxResults: optional(maxResults),
    reverseOrder: optional(bool),
    nextToken: optional(pageToken),
    includeExecutionData: optional(bool),
  },
  RedriveExecution: { executionArn: required(arn), clientToken: optional(str(1, 64)) },
  TestState: {
    definition: required(definition),
    roleArn: optional(arn),
    input: optional(payload),
    inspectionLevel: optional(oneOf('INFO', 'DEBUG', 'TRACE')),
    revealSecrets: optional(bool),
    variables: optional(payload),
    stateName: optional(str(1, 80)),
    mock: optional(
      obj({
        result: optional(payload),
        errorOutput: optional(obj({ error: optional(str(0, 256)), cause: optional(str(0, 32768)) })),
        fieldValidationMode: optional(oneOf('STRICT', 'PRESENT', 'NONE')),
      }),
    ),
    context: optional(payload),
    // TestStateConfiguration as the API reference gives it.
    stateConfiguration: optional(
      obj({
        retrierRetryCount: optional(int(0)),
        errorCausedByState: optional(str(1, 80)),
        mapIterationFailureCount: optional(int(0)),
        mapItemReaderData: optional(str(0, 262144, { sensitive: true })),
      }),
    ),
  },
  CreateActivity: { name: required(name), tags: optional(list(tag)), encryptionConfiguration: optional(encryption) },
  DescribeActivity: { activityArn: required(arn) },
  ListActivities: { maxResults: optional(maxResults), nextToken: optional(pageToken) },
  DeleteActivity: { activityArn: required(arn) },
  GetActivityTask: { activityArn: required(arn), workerName: optional(name) },
  SendTaskSuccess: { taskToken: required(taskToken), output: required(payload) },
  SendTaskFailure: {
    taskToken: required(taskToken),
    error: optional(str(0, 256, { sensitive: true })),
    cause: optional(str(0, 32768, { sensitive: true })),
  },
  SendTaskHeartbeat: { taskToken: required(taskToken) },
  TagResource: { resourceArn: required(arn), tags: required(list(tag)) },
  UntagResource: { resourceArn: required(arn), tagKeys: required(list(str(1, 128))) },
  ListTagsForResource: { resourceArn: required(arn) },
  PublishStateMachineVersion: {
    stateMachineArn: required(arn),
    revisionId: optional(str()),
    description: optional(versionDescription),
  },
  ListStateMachineVersions: {
    stateMachineArn: required(arn),
    nextToken: optional(pageToken),
    maxResults: optional(maxResults),
  },
  DeleteStateMachineVersion: { stateMachineVersionArn: required(longArn) },
  CreateStateMachineAlias: {
    description: optional(str(0, 256, { sensitive: true })),
    name: required(aliasName),
    routingConfiguration: required(routing),
  },
  DescribeStateMachineAlias: { stateMachineAliasArn: required(arn) },
  UpdateStateMachineAlias: {
    stateMachineAliasArn: required(arn),
    description: optional(str(0, 256, { sensitive: true })),
    routingConfiguration: optional(routing),
  },
  DeleteStateMachineAlias: { stateMachineAliasArn: required(arn) },
  ListStateMachineAliases: {
    stateMachineArn: required(arn),
    nextToken: optional(pageToken),
    maxResults: optional(maxResults),
  },
  DescribeMapRun: { mapRunArn: required(longArn) },
  ListMapRuns: { executionArn: required(arn), maxResults: optional(maxResults), nextToken: optional(pageToken) },
  UpdateMapRun: {
    mapRunArn: required(longArn),
    maxConcurrency: optional(int(0)),
    toleratedFailurePercentage: optional(double(0, 100)),
    toleratedFailureCount: optional(int(0)),
  },
} satisfies Record<string, Members>;

export type OperationName = keyof typeof requestShapes;

export const operationNames = Object.keys(requestShapes) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(requestShapes, name);
}
