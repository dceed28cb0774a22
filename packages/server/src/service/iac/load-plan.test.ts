import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { planPath } from './load-report.ts';
import { parseTemplate } from './template-file.ts';
import { Resolver } from './intrinsics.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const scope = { region: 'eu-west-1', accountId: '111122223333' };

describe('loading a SAM template', () => {
  const plan = planPath(`${fixtures}sam/template.yaml`, scope);

  it('resolves the state machine: name, type, definition file with substitutions, tracing, tags', () => {
    const [machine] = plan.stateMachines;
    assert.ok(machine);
    assert.equal(plan.stateMachines.length, 1);
    assert.equal(machine.name, 'template-pipeline');
    assert.equal(machine.type, 'EXPRESS');
    assert.deepEqual(machine.tracingConfiguration, { enabled: true });
    assert.deepEqual(machine.tags, [{ key: 'team', value: 'images' }]);
    const definition = JSON.parse(machine.definition) as { States: Record<string, Record<string, unknown>> };
    assert.equal(definition.States.Lookup?.Resource, 'arn:aws:lambda:eu-west-1:111122223333:function:LookupFunction');
    assert.deepEqual((definition.States.Save?.Parameters as { TableName: string }).TableName, 'results-dev');
  });

  it('maps the function to its CodeUri folder with Globals, handler and environment', () => {
    const [fn] = plan.functions;
    assert.ok(fn);
    assert.equal(fn.name, 'LookupFunction');
    assert.equal(fn.codeDir, `${fixtures}sam/src`);
    assert.equal(fn.handler, 'lookup.lambda_handler');
    assert.equal(fn.runtime, 'python3.12');
    assert.equal(fn.timeoutSeconds, 10);
    assert.deepEqual(fn.environment, { STAGE: 'dev', TABLE: 'results-dev' });
  });

  it('creates the activity, and reports per resource what it could not load and why', () => {
    assert.deepEqual(plan.activities, [{ logicalId: 'Workers', name: 'workers-dev', tags: [] }]);
    const problems = plan.problems.map((problem) => `${problem.logicalId}: ${problem.reason}`);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', /^Broken: Fn::GetAtt ResultsTable\.NoSuchAttribute: .* AWS::DynamoDB::Table/);
    assert.deepEqual(plan.ignored, { 'AWS::DynamoDB::Table': 1 });
  });

  it("turns the state machine's SAM Schedule event into a scheduled rule targeting it", () => {
    const role = 'arn:aws:iam::111122223333:role/PipelineNightlyRole';
    assert.deepEqual(plan.triggers, [
      {
        kind: 'rule',
        logicalId: 'PipelineNightly',
        rule: { Name: 'PipelineNightly', ScheduleExpression: 'rate(1 day)' },
        targets: [
          {
            Id: 'PipelineNightlyStepFunctionsTarget',
            Arn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:template-pipeline',
            RoleArn: role,
          },
        ],
      },
    ]);
  });
});

describe('CloudFormation intrinsics', () => {
  const template = parseTemplate(
    `
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Parameters:
  Env: { Type: String, Default: test }
Resources:
  Topic: { Type: AWS::SNS::Topic, Properties: { TopicName: alerts } }
  Queue: { Type: AWS::SQS::Queue }
`,
    'inline.yaml',
  );
  const resolver = new Resolver(template, {
    region: 'us-east-2',
    accountId: '123456789012',
    partition: 'aws',
    stackName: 's',
  });
  const cases: [string, unknown, unknown][] = [
    ['Ref to a topic is its ARN', { Ref: 'Topic' }, 'arn:aws:sns:us-east-2:123456789012:alerts'],
    ['GetAtt with a dotted string', { 'Fn::GetAtt': 'Queue.QueueName' }, 'Queue'],
    [
      'Sub with pseudo parameters and a literal',
      { 'Fn::Sub': '${AWS::Partition}:${AWS::Region}:${!Literal}' },
      'aws:us-east-2:${Literal}',
    ],
    ['Sub with its own variables', { 'Fn::Sub': ['${a}-${Topic.TopicName}', { a: { Ref: 'Env' } }] }, 'test-alerts'],
    [
      'Join of a Select of a Split',
      { 'Fn::Join': ['/', [{ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] }, 'x']] },
      'b/x',
    ],
    [
      'If on a condition, NoValue dropping a member',
      { a: { 'Fn::If': ['IsProd', 1, { Ref: 'AWS::NoValue' }] }, b: 2 },
      { b: 2 },
    ],
  ];
  for (const [name, value, expected] of cases) {
    it(name, () => {
      assert.deepEqual(resolver.resolve(value), expected);
    });
  }

  it('names what it cannot resolve', () => {
    assert.throws(() => resolver.resolve({ Ref: 'Nothing' }), /no resource or parameter 'Nothing'/);
    assert.throws(() => resolver.resolve({ 'Fn::ImportValue': 'x' }), /another stack's exports/);
  });
});
