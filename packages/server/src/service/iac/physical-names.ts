// What a template's Ref and Fn::GetAtt read for each resource when Stepwise stands in for CloudFormation:
// the name a property gives, else the logical ID (CloudFormation would add the stack name and a random
// suffix; a local copy keeps names a reader recognises), and ARNs in the loading account and region.

export interface Scope {
  region: string;
  accountId: string;
  partition: string;
}

export interface ResourceNames {
  /** What `Ref` returns. */
  ref: string;
  /** Attributes `Fn::GetAtt` can read. */
  attributes: Readonly<Record<string, string>>;
}

type Namer = (name: string, scope: Scope) => ResourceNames;

const arn = (scope: Scope, service: string, resource: string, regional = true): string =>
  `arn:${scope.partition}:${service}:${regional ? scope.region : ''}:${service === 's3' ? '' : scope.accountId}:${resource}`;

const lambdaFunction: Namer = (name, scope) => ({
  ref: name,
  attributes: { Arn: arn(scope, 'lambda', `function:${name}`) },
});

const stateMachine: Namer = (name, scope) => {
  const machineArn = arn(scope, 'states', `stateMachine:${name}`);
  return { ref: machineArn, attributes: { Arn: machineArn, Name: name } };
};

/** By resource type: the property holding the user's name, and the names that follow from it. */
const namers: Readonly<Record<string, { property: string; names: Namer }>> = {
  'AWS::Lambda::Function': { property: 'FunctionName', names: lambdaFunction },
  'AWS::Serverless::Function': { property: 'FunctionName', names: lambdaFunction },
  'AWS::StepFunctions::StateMachine': { property: 'StateMachineName', names: stateMachine },
  'AWS::Serverless::StateMachine': { property: 'Name', names: stateMachine },
  'AWS::StepFunctions::Activity': {
    property: 'Name',
    names: (name, scope) => {
      const activityArn = arn(scope, 'states', `activity:${name}`);
      return { ref: activityArn, attributes: { Arn: activityArn, Name: name } };
    },
  },
  'AWS::DynamoDB::Table': {
    property: 'TableName',
    names: (name, scope) => ({
      ref: name,
      attributes: {
        Arn: arn(scope, 'dynamodb', `table/${name}`),
        StreamArn: arn(scope, 'dynamodb', `table/${name}/stream/local`),
      },
    }),
  },
  'AWS::SNS::Topic': {
    property: 'TopicName',
    names: (name, scope) => {
      const topicArn = arn(scope, 'sns', name);
      return { ref: topicArn, attributes: { TopicArn: topicArn, TopicName: name } };
    },
  },
  'AWS::SQS::Queue': {
    property: 'QueueName',
    names: (name, scope) => {
      const url = `https://sqs.${scope.region}.amazonaws.com/${scope.accountId}/${name}`;
      return { ref: url, attributes: { Arn: arn(scope, 'sqs', name), QueueName: name, QueueUrl: url } };
    },
  },
  'AWS::S3::Bucket': {
    property: 'BucketName',
    names: (name, scope) => ({
      ref: name,
      attributes: { Arn: arn(scope, 's3', name, false), DomainName: `${name}.s3.amazonaws.com` },
    }),
  },
  'AWS::IAM::Role': {
    property: 'RoleName',
    names: (name, scope) => ({
      ref: name,
      attributes: { Arn: `arn:${scope.partition}:iam::${scope.accountId}:role/${name}` },
    }),
  },
  'AWS::Events::EventBus': {
    property: 'Name',
    names: (name, scope) => ({ ref: name, attributes: { Arn: arn(scope, 'events', `event-bus/${name}`), Name: name } }),
  },
  'AWS::Scheduler::Schedule': {
    property: 'Name',
    names: (name, scope) => ({ ref: name, attributes: { Arn: arn(scope, 'scheduler', `schedule/default/${name}`) } }),
  },
  'AWS::Events::Rule': {
    property: 'Name',
    names: (name, scope) => ({ ref: name, attributes: { Arn: arn(scope, 'events', `rule/${name}`) } }),
  },
};

/** The property naming a resource of this type, if its type has one Stepwise knows. */
export function nameProperty(type: string): string | undefined {
  return namers[type]?.property;
}

/** The names of a resource; types Stepwise does not know answer `Ref` with the logical ID. */
export function resourceNames(type: string, name: string, scope: Scope): ResourceNames {
  const namer = namers[type];
  return namer === undefined ? { ref: name, attributes: {} } : namer.names(name, scope);
}

/** S3 bucket names are lower case; a logical ID standing in for one is lowered. */
export function defaultName(type: string, logicalId: string): string {
  return type === 'AWS::S3::Bucket' ? logicalId.toLowerCase() : logicalId;
}
