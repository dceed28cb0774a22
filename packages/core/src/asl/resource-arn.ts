// A Task's Resource read once into what it names: an activity, a Lambda function, a service integration
// (`arn:<partition>:states:::<service>:<action>[.sync[:2]|.waitForTaskToken]`, `aws-sdk:<service>:<action>`
// included, the HTTP Task being `http:invoke`), or another ARN. Validation, the engine and the server all
// read resources through parseResource, never through a regular expression of their own.

/**
 * How AWS performs the Task: `request` (the call's response is the result), `callback` (the task waits for
 * SendTaskSuccess/Failure with its token), `sync` (the task waits for the job it started) or `activity`
 * (a worker polls for it).
 */
export type TaskPattern = 'request' | 'callback' | 'sync' | 'activity';

export type TaskResource = ActivityResource | LambdaResource | IntegrationResource | OtherResource;

export interface ActivityResource {
  kind: 'activity';
  arn: string;
  pattern: 'activity';
  name: string;
}

/** A Lambda function called directly by its ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`). */
export interface LambdaResource {
  kind: 'lambda';
  arn: string;
  pattern: TaskPattern;
  partition: string;
  functionName: string;
}

export interface IntegrationResource {
  kind: 'integration';
  arn: string;
  pattern: TaskPattern;
  partition: string;
  /** `lambda`, `states`, `sqs`, ...; for `aws-sdk:s3:getObject`, `s3` (and `sdk` is true). */
  service: string;
  /** Whether the resource is an AWS SDK integration (`aws-sdk:SERVICE:ACTION`). */
  sdk: boolean;
  /** `invoke`, `startExecution`, `getObject`, ...: what follows the service, without the pattern suffix. */
  action: string;
  /** `.sync`, `.sync:2`, `.waitForTaskToken`, or '' for a request. */
  suffix: string;
}

/** Anything else: an ARN of another form (accepted as given) or not an ARN at all (`arn` is false). */
export interface OtherResource {
  kind: 'other';
  arn: string;
  pattern: TaskPattern;
  isArn: boolean;
}

const activity = /^arn:[\w-]+:states:[\w-]+:\d{12}:activity:([^:]+)$/;
const integration = /^arn:([\w-]+):states:::([\w-]+):([^.]+)(\.\w+(?::\d+)?)?$/;
const lambda = /^arn:([\w-]+):lambda:/;
const sync = /\.sync(:\d+)?$/;
const waitForTaskToken = '.waitForTaskToken';

/** What a Task's Resource names. */
export function parseResource(arn: string): TaskResource {
  const activityMatch = activity.exec(arn);
  if (activityMatch !== null) return { kind: 'activity', arn, pattern: 'activity', name: activityMatch[1] ?? '' };
  const pattern = suffixPattern(arn);
  const service = integration.exec(arn);
  if (service !== null) return integrationResource(arn, pattern, service);
  const lambdaMatch = lambda.exec(arn);
  if (lambdaMatch !== null) {
    return { kind: 'lambda', arn, pattern, partition: lambdaMatch[1] ?? '', functionName: functionNameOf(arn) };
  }
  return { kind: 'other', arn, pattern, isArn: arn.startsWith('arn:') };
}

function integrationResource(arn: string, pattern: TaskPattern, match: RegExpExecArray): IntegrationResource {
  const [, partition = '', name = '', rest = '', suffix = ''] = match;
  if (name !== 'aws-sdk')
    return { kind: 'integration', arn, pattern, partition, service: name, sdk: false, action: rest, suffix };
  const colon = rest.indexOf(':');
  const service = colon < 0 ? rest : rest.slice(0, colon);
  const action = colon < 0 ? '' : rest.slice(colon + 1);
  return { kind: 'integration', arn, pattern, partition, service, sdk: true, action, suffix };
}

/** The pattern a resource's suffix asks for; resources without one are requests. */
function suffixPattern(arn: string): TaskPattern {
  if (arn.endsWith(waitForTaskToken)) return 'callback';
  return sync.test(arn) ? 'sync' : 'request';
}

/**
 * The function name in a name (`NAME`, `NAME:QUALIFIER`), a partial ARN (`ACCOUNT:function:NAME`) or a full
 * ARN, qualifier dropped: Lambda accepts all of these as FunctionName.
 */
export function functionNameOf(reference: string): string {
  const parts = reference.split(':');
  const index = parts.indexOf('function');
  return index < 0 ? (parts[0] ?? '') : (parts[index + 1] ?? '');
}

/** Whether `resource` is the integration `service:action` (any pattern, any partition; not aws-sdk). */
export function isIntegration(
  resource: TaskResource,
  service: string,
  action: string,
): resource is IntegrationResource {
  return resource.kind === 'integration' && !resource.sdk && resource.service === service && resource.action === action;
}
