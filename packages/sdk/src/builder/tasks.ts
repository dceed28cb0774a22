// Task states: any resource (`Task`), and the integrations the CDK's aws-stepfunctions-tasks names
// (LambdaInvoke, DynamoPutItem, SnsPublish), written as the CDK writes them, default retries included.

import { dataFlowJson, JsonPathRef, type DataFlowProps, type Template } from './fields.ts';
import { State, type Json } from './state.ts';

export interface TaskProps extends DataFlowProps {
  timeout?: number;
  heartbeat?: number;
  credentials?: Json;
}

function taskJson(resource: string, props: TaskProps): Record<string, Json> {
  const { timeout, heartbeat, credentials, ...rest } = props;
  return {
    Type: 'Task',
    Resource: resource,
    ...dataFlowJson(rest),
    ...(timeout === undefined ? {} : { TimeoutSeconds: timeout }),
    ...(heartbeat === undefined ? {} : { HeartbeatSeconds: heartbeat }),
    ...(credentials === undefined ? {} : { Credentials: credentials }),
  };
}

/** A Task on any resource ARN, with its Parameters (JSONPath) or Arguments (JSONata). */
export class Task<I = unknown, O = unknown> extends State<I, O> {
  constructor(
    id: string,
    private readonly props: TaskProps & { resource: string },
  ) {
    super(id);
  }

  toStateJson(): Record<string, Json> {
    const { resource, ...rest } = this.props;
    return { ...taskJson(resource, rest), ...this.transitionJson() };
  }
}

/** A task's input: a JSON value, or a path into the state's input (`TaskInput.fromJsonPathAt('$.x')`). */
export class TaskInput {
  private constructor(readonly value: Template) {}
  static fromObject = (value: Record<string, Template>): TaskInput => new TaskInput(value);
  static fromText = (text: string): TaskInput => new TaskInput(text);
  static fromJsonPathAt = (path: string): TaskInput => new TaskInput(new JsonPathRef(path));
}

/** A function: its ARN, or anything with `functionArn` (a CDK IFunction's shape). */
export type FunctionRef = string | { functionArn: string };

/** The errors the CDK retries on a Lambda task unless told not to. */
const lambdaServiceErrors = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
];

export interface LambdaInvokeProps extends TaskProps {
  lambdaFunction: FunctionRef;
  payload?: TaskInput;
  /** The function's result alone, through the legacy Resource (the function's ARN). */
  payloadResponseOnly?: boolean;
  retryOnServiceExceptions?: boolean;
}

export class LambdaInvoke<I = unknown, O = unknown> extends State<I, O> {
  private readonly props: Omit<LambdaInvokeProps, 'retryOnServiceExceptions'>;

  constructor(id: string, props: LambdaInvokeProps) {
    super(id);
    const { retryOnServiceExceptions, ...rest } = props;
    this.props = rest;
    if (retryOnServiceExceptions !== false) {
      this.addRetry({ errors: lambdaServiceErrors, interval: 2, maxAttempts: 6, backoffRate: 2 });
    }
  }

  toStateJson(): Record<string, Json> {
    const { lambdaFunction, payload, payloadResponseOnly, ...rest } = this.props;
    const arn = typeof lambdaFunction === 'string' ? lambdaFunction : lambdaFunction.functionArn;
    if (payloadResponseOnly === true) {
      const parameters = payload === undefined ? {} : { parameters: wrap('Payload', payload) };
      return { ...taskJson(arn, { ...rest, ...parameters }), ...this.transitionJson() };
    }
    const input = payload ?? TaskInput.fromJsonPathAt('$');
    const parameters = { FunctionName: arn, ...wrap('Payload', input) };
    return { ...taskJson('arn:aws:states:::lambda:invoke', { ...rest, parameters }), ...this.transitionJson() };
  }
}

function wrap(key: string, input: TaskInput): Record<string, Template> {
  return { [key]: input.value };
}

/** A DynamoDB attribute value: `DynamoAttributeValue.fromString(JsonPath.stringAt('$.id'))` → `{"S.$": "$.id"}`. */
export const DynamoAttributeValue = {
  fromString: (value: string | JsonPathRef): Template => ({ S: value }),
  fromNumber: (value: number | JsonPathRef): Template => ({ N: value instanceof JsonPathRef ? value : String(value) }),
  numberFromString: (value: string | JsonPathRef): Template => ({ N: value }),
  booleanFromJsonPath: (path: string): Template => ({ BOOL: new JsonPathRef(path) }),
  fromBoolean: (value: boolean): Template => ({ BOOL: value }),
  mapFromJsonPath: (path: string): Template => ({ M: new JsonPathRef(path) }),
};

export interface DynamoPutItemProps extends TaskProps {
  table: string | { tableName: string };
  item: Record<string, Template>;
}

export class DynamoPutItem<I = unknown> extends State<I> {
  constructor(
    id: string,
    private readonly props: DynamoPutItemProps,
  ) {
    super(id);
  }

  toStateJson(): Record<string, Json> {
    const { table, item, ...rest } = this.props;
    const tableName = typeof table === 'string' ? table : table.tableName;
    const parameters = { Item: item, TableName: tableName };
    return { ...taskJson('arn:aws:states:::dynamodb:putItem', { ...rest, parameters }), ...this.transitionJson() };
  }
}

export interface SnsPublishProps extends TaskProps {
  topic: string | { topicArn: string };
  message: TaskInput;
  subject?: string;
}

export class SnsPublish<I = unknown> extends State<I> {
  constructor(
    id: string,
    private readonly props: SnsPublishProps,
  ) {
    super(id);
  }

  toStateJson(): Record<string, Json> {
    const { topic, message, subject, ...rest } = this.props;
    const topicArn = typeof topic === 'string' ? topic : topic.topicArn;
    const parameters: Record<string, Template> = { TopicArn: topicArn, ...wrap('Message', message) };
    if (subject !== undefined) parameters.Subject = subject;
    return { ...taskJson('arn:aws:states:::sns:publish', { ...rest, parameters }), ...this.transitionJson() };
  }
}
