// Triggers from infrastructure code: a SAM template's Schedule, EventBridgeRule and ScheduleV2 events, an
// AWS::Events::Rule and an AWS::Scheduler::Schedule are put through the EventBridge and Scheduler services, and
// fire on the virtual clock, starting the state machine whose Python function runs as its Task; an
// AWS::Pipes::Pipe is created through the Pipes service, an Api event becomes an HTTP start route. A function's
// events are reported with the reason.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { DefinedFunctions } from '../../runtime/functions/defined-functions.ts';
import { sqliteTriggerStore } from '../../store/sqlite/sqlite-store.ts';
import { durableService, t0, type DurableService } from '../durable-test-support.ts';
import { DeliveryWorker } from '../events/delivery-worker.ts';
import type { EventsDeps } from '../events/events-context.ts';
import { createEventsService } from '../events/events-service.ts';
import { ScheduledRules } from '../schedules/scheduled-rules.ts';
import { fireDueSchedules } from '../schedules/scheduler.ts';
import { pipeHandlers } from '../pipes/pipes-service.ts';
import { scheduleHandlers } from '../schedules/schedules-service.ts';
import { consoleRoutes } from '../routes/console-routes.ts';
import { RouteTable } from '../routes/route-table.ts';
import { applyPlan, type ApplyResult } from './apply-plan.ts';
import type { TriggerApis } from './apply-triggers.ts';
import { planPath } from './load-report.ts';
import { triggerName } from './trigger-plan.ts';

const template = fileURLToPath(new URL('./fixtures/sam-triggers/template.yaml', import.meta.url));
const scope = { region: 'us-east-1', accountId: '123456789012' };
const log = pino({ level: 'silent' });
const plan = planPath(template, scope);

describe('planning the triggers of a SAM template', () => {
  it('plans the rules and schedules, and reports what it cannot load with the reason', () => {
    const names = plan.triggers.map((t) => `${t.kind} ${triggerName(t)}`);
    assert.deepEqual(names, [
      'rule ReportNightly',
      'rule ReportUploads',
      'schedule ReportWeekly',
      'route POST /report',
      'rule AuditRule',
      'schedule Monthly',
      'pipe Sync',
    ]);
    const problems = plan.problems.map((p) => `${p.logicalId}: ${p.reason}`);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] ?? '', /^Tally\.Events\.Hourly: .*start state machines only/);
  });

  it('writes the requests as EventBridge and Scheduler take them', () => {
    const uploads = plan.triggers[1];
    assert.equal(uploads?.kind, 'rule');
    assert.deepEqual(uploads.rule, { Name: 'ReportUploads', EventPattern: '{"source":["stepwise.uploads"]}' });
    assert.equal(uploads.targets[0]?.InputPath, '$.detail');
    const monthly = plan.triggers[5];
    assert.equal(monthly?.kind, 'schedule');
    assert.equal(monthly.schedule.StartDate, Date.UTC(2030, 0, 1) / 1000);
    assert.deepEqual(monthly.schedule.Target, {
      Arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nightly-report',
      RoleArn: 'arn:aws:iam::123456789012:role/EventsRole',
      Input: '{"report": "monthly"}',
    });
  });
});

describe('loading and firing the triggers on the virtual clock', () => {
  const functions = new DefinedFunctions({ ...scope, environment: { PATH: process.env.PATH } });
  let service: DurableService;
  let deps: EventsDeps;
  let applied: ApplyResult;
  let apis: TriggerApis;
  let table: RouteTable;

  before(async () => {
    service = durableService({ definedFunctions: functions.resolve });
    let ids = 0;
    deps = {
      triggers: sqliteTriggerStore(service.store),
      ...scope,
      now: () => service.clock.now(),
      uuid: () => `event-${String(++ids)}`,
      deliveriesAdded: () => undefined,
    };
    const events = createEventsService(deps);
    const schedules = scheduleHandlers(deps);
    const pipes = pipeHandlers({ ...deps, pipesChanged: () => undefined });
    table = new RouteTable([], deps.triggers, log);
    apis = {
      routes: consoleRoutes(table, deps.triggers, { region: scope.region, account: scope.accountId }),
      events: async (operation, request) => (await events.call(operation, request)) as Record<string, unknown>,
      scheduler: async (operation, request) => (await schedules[operation]!(request)) as Record<string, unknown>,
      pipes: async (operation, request) => (await pipes[operation]!(request)) as Record<string, unknown>,
    };
    functions.define(plan.functions);
    applied = await applyPlan(plan, (operation, request) => service.call(operation as never, request), apis);
  });
  after(async () => {
    functions.close();
    await service.close();
  });

  /** Delivers what fired, then runs the execution it started to its end. */
  async function deliveredRun(): Promise<{ status: string; output: unknown }> {
    const started: string[] = [];
    const worker = new DeliveryWorker({
      triggers: deps.triggers,
      start: async (delivery) => {
        const request = { stateMachineArn: delivery.stateMachineArn, name: delivery.id, input: delivery.input };
        const arn = String((await service.call('StartExecution', request)).executionArn);
        started.push(arn);
        return arn;
      },
      now: deps.now,
      owner: 'test',
      log,
    });
    await worker.drain();
    assert.equal(started.length, 1, 'one execution started');
    const record = await service.runUntilEnded(started[0] ?? '');
    return { status: record.status, output: JSON.parse(record.state.output ?? 'null') as unknown };
  }

  it('creates the machine and every rule and schedule, each under its ARN, and the Api event’s route', async () => {
    assert.deepEqual(applied.problems, []);
    assert.deepEqual(applied.triggers, [
      'arn:aws:events:us-east-1:123456789012:rule/ReportNightly',
      'arn:aws:events:us-east-1:123456789012:rule/ReportUploads',
      'arn:aws:scheduler:us-east-1:123456789012:schedule/default/ReportWeekly',
      'route POST /report',
      'arn:aws:events:us-east-1:123456789012:rule/AuditRule',
      'arn:aws:scheduler:us-east-1:123456789012:schedule/default/Monthly',
      'arn:aws:pipes:us-east-1:123456789012:pipe/Sync',
    ]);
    await table.refresh();
    assert.deepEqual(
      table.routes().map((r) => [r.method, r.path, r.stateMachineArn, r.sync, r.authorization]),
      [['POST', '/report', 'arn:aws:states:us-east-1:123456789012:stateMachine:nightly-report', false, 'NONE']],
    );
  });

  it('fires the ScheduleV2 event at 8 am Paris time on Monday (2024-01-01)', async () => {
    service.clock.set(Date.UTC(2024, 0, 1, 6, 59));
    assert.equal(await fireDueSchedules({ deps, log }), 0);
    service.clock.set(Date.UTC(2024, 0, 1, 7));
    assert.equal(await fireDueSchedules({ deps, log }), 1);
    const run = await deliveredRun();
    assert.equal((run.output as { report: string }).report, 'weekly');
  });

  it('fires the SAM Schedule event a day later, and the Python function runs as the Task', async () => {
    const rules = new ScheduledRules(deps, t0);
    service.clock.set(t0 + 86_400_000);
    assert.equal(await rules.fireDue(), 1);
    const run = await deliveredRun();
    assert.equal(run.status, 'SUCCEEDED');
    const { python, ...rest } = run.output as { python: string };
    assert.deepEqual(rest, { report: 'nightly', function: 'Tally' });
    assert.match(python, /^3\.\d+$/, "the user's python3 ran it");
  });

  it('starts the machine from a matching event, through the EventBridgeRule event and the AWS::Events::Rule', async () => {
    const entry = { Source: 'stepwise.audit', DetailType: 'audit', Detail: '{"who":"me"}' };
    const put = await apis.events('PutEvents', { Entries: [entry] });
    assert.equal(put.FailedEntryCount, 0);
    assert.equal((await deliveredRun()).status, 'SUCCEEDED');
    await apis.events('PutEvents', {
      Entries: [{ ...entry, Source: 'stepwise.uploads', Detail: '{"report":"upload"}' }],
    });
    assert.equal(((await deliveredRun()).output as { report: string }).report, 'upload');
  });

  it('loads again without duplicating: rules are put, the schedules updated', async () => {
    const again = await applyPlan(plan, (operation, request) => service.call(operation as never, request), apis);
    assert.deepEqual(again.problems, []);
    assert.equal(again.triggers.length, 7);
    const rules = await apis.events('ListRules', {});
    assert.equal((rules.Rules as unknown[]).length, 3);
    assert.equal(table.routes().length, 1);
  });
});
