// A SAM template with one of each thing a load makes (state machines, an activity, rules, schedules, pipes and
// HTTP start routes), in a full and a smaller version, and the AWS SDK clients that list them: the tests of a
// template that loses resources (template-restart, load-auth) load one, then the other.

import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { ListPipesCommand, PipesClient } from '@aws-sdk/client-pipes';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ListActivitiesCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';

/** The resources only the full version has. */
export const dropped = {
  machines: ['Dropped'],
  activities: ['Queue'],
  rules: ['GoneRule'],
  schedules: ['GoneSchedule'],
  pipes: ['GonePipe'],
  route: '/gone',
};

const rule = (name: string, target: string) => `
  ${name}:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [${name}]
      Targets:
        - Id: machine
          Arn: !Ref ${target}
          RoleArn: !GetAtt EventsRole.Arn`;

const schedule = (name: string, target: string) => `
  ${name}:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: rate(1 day)
      FlexibleTimeWindow:
        Mode: 'OFF'
      Target:
        Arn: !Ref ${target}
        RoleArn: !GetAtt EventsRole.Arn`;

const pipe = (name: string, target: string) => `
  ${name}:
    Type: AWS::Pipes::Pipe
    Properties:
      DesiredState: STOPPED
      RoleArn: !GetAtt EventsRole.Arn
      Source: !Sub arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:${name}
      Target: !Ref ${target}`;

const route = (name: string, path: string) => `
        ${name}:
          Type: Api
          Properties:
            Path: ${path}
            Method: post`;

const machine = (name: string, events = '') => `
  ${name}:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: ${name}
      Definition:
        StartAt: Done
        States:
          Done:
            Type: Pass
            End: true${events === '' ? '' : `\n      Events:${events}`}`;

export interface TemplateOptions {
  /** With the `dropped` resources. */
  full: boolean;
  /** The machine every trigger starts, and the prefix of the kept triggers' names (default Kept, route /kept). */
  name?: string;
  /** More rules, of these names. */
  extraRules?: readonly string[];
}

/** The template's text. */
export function shrinkingTemplate({ full, name = 'Kept', extraRules = [] }: TemplateOptions): string {
  // A SAM event's logical id is its machine's and its own: KeptWeb, KeptGoneWeb.
  const events = route('Web', `/${name.toLowerCase()}`) + (full ? route('GoneWeb', dropped.route) : '');
  const parts = [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  EventsRole:\n    Type: AWS::IAM::Role',
    machine(name, events),
    rule(`${name}Rule`, name),
    schedule(`${name}Schedule`, name),
    pipe(`${name}Pipe`, name),
    ...extraRules.map((extra) => rule(extra, name)),
  ];
  if (full) {
    parts.push(
      machine('Dropped'),
      '  Queue:\n    Type: AWS::StepFunctions::Activity\n    Properties:\n      Name: Queue',
    );
    parts.push(rule('GoneRule', name), schedule('GoneSchedule', name), pipe('GonePipe', name));
  }
  return `${parts.join('\n')}\n`;
}

export interface Listed {
  machines: string[];
  activities: string[];
  rules: string[];
  schedules: string[];
  pipes: string[];
}

/** What the server has, by name, each list sorted, through the AWS SDK. */
export async function listEverything(config: {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}): Promise<Listed> {
  const sfn = new SFNClient({ ...config, maxAttempts: 1 });
  const events = new EventBridgeClient({ ...config, maxAttempts: 1 });
  const scheduler = new SchedulerClient({ ...config, maxAttempts: 1 });
  const pipes = new PipesClient({ ...config, maxAttempts: 1 });
  try {
    const names = (list: ({ name?: string; Name?: string } | undefined)[] = []) =>
      list.map((item) => item?.name ?? item?.Name ?? '').sort();
    return {
      machines: names((await sfn.send(new ListStateMachinesCommand({}))).stateMachines),
      activities: names((await sfn.send(new ListActivitiesCommand({}))).activities),
      rules: names((await events.send(new ListRulesCommand({}))).Rules),
      schedules: names((await scheduler.send(new ListSchedulesCommand({}))).Schedules),
      pipes: names((await pipes.send(new ListPipesCommand({}))).Pipes),
    };
  } finally {
    for (const client of [sfn, events, scheduler, pipes]) client.destroy();
  }
}

/** POSTs to a route's path: 200 with an executionArn while the route exists. */
export async function postRoute(url: string, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"from":"route"}',
  });
  return { status: response.status, body: await response.text() };
}
