// The TriggerStore: persistence for what starts executions from outside (event buses, rules and their targets,
// the delivery outbox and its log), apart from the Store so that each implementation adds it on its own. Every
// method is one transaction, as in the Store.

import type { Page, PageRequest } from './records.ts';

export interface EventBusRecord {
  name: string;
  arn: string;
  description?: string;
  creationTime: number;
}

export interface RuleRecord {
  eventBusName: string;
  name: string;
  arn: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  roleArn?: string;
  createdAt: number;
}

/** A rule's target exactly as PutTargets gave it (AWS's member names). */
export interface TargetRecord {
  Id: string;
  Arn: string;
  [member: string]: unknown;
}

/** One event (or schedule fire) to start one execution: the outbox row, durable before it is acted on. */
export interface DeliveryRecord {
  id: string;
  /** What produced it: `rule/<bus>/<rule>`, `schedule/<group>/<name>`, `pipe/<name>`. */
  source: string;
  targetId: string;
  stateMachineArn: string;
  /** The execution input, already transformed. */
  input: string;
  /** The event's id, for the delivery log. */
  eventId: string;
  attempts: number;
  dueAt: number;
  /** The event's time: MaximumEventAgeInSeconds counts from here. */
  createdAt: number;
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  deadLetterArn?: string;
}

export interface DeliveryLogEntry {
  deliveryId: string;
  source: string;
  targetId: string;
  eventId: string;
  time: number;
  attempts: number;
  /** FAILED: a pipe's target refused the batch, which stays on its queue to come back. */
  outcome: 'STARTED' | 'DEAD_LETTERED' | 'DROPPED' | 'FAILED';
  executionArn?: string;
  error?: string;
}

export interface DeliveryClaim {
  owner: string;
  now: number;
  leaseUntil: number;
  limit: number;
}

/** An EventBridge Scheduler schedule, in AWS's member names, with the time it is next due. */
export interface ScheduleRecord {
  GroupName: string;
  Name: string;
  Arn: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  StartDate?: number;
  EndDate?: number;
  State: 'ENABLED' | 'DISABLED';
  Description?: string;
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  Target: TargetRecord;
  ActionAfterCompletion: 'NONE' | 'DELETE';
  CreationDate: number;
  LastModificationDate: number;
  /** Epoch ms; undefined when it will not fire again (ended, or disabled). */
  nextFire?: number;
}

/** What one fire of a schedule commits: its deliveries, and the schedule's next due time (or its deletion). */
export interface ScheduleFire {
  group: string;
  name: string;
  /** The due time fired: the fire happens only if the schedule still has it as its next. */
  due: number;
  deliveries: DeliveryRecord[];
  next: number | undefined;
  deleteSchedule: boolean;
}

/** An EventBridge pipe as AWS describes it (its member names), with its settled state. */
export interface PipeRecord {
  Name: string;
  Arn: string;
  Source: string;
  Target: string;
  RoleArn: string;
  DesiredState: 'RUNNING' | 'STOPPED';
  Description?: string;
  SourceParameters?: Record<string, unknown>;
  TargetParameters?: Record<string, unknown>;
  Tags?: Record<string, string>;
  /** Epoch ms. */
  CreationTime: number;
  LastModifiedTime: number;
}

/** An HTTP start route made through the console (service/routes/ checks and reads it). */
export interface StoredRoute {
  method: string;
  path: string;
  stateMachineArn: string;
  sync: boolean;
  input?: unknown;
  authorization: 'NONE' | 'AWS_IAM';
  origin: 'console';
}

export interface TriggerStore {
  /** Inserts a bus; false when one of that name exists. */
  createEventBus(bus: EventBusRecord): Promise<boolean>;
  getEventBus(name: string): Promise<EventBusRecord | undefined>;
  listEventBuses(prefix: string | undefined, page: PageRequest): Promise<Page<EventBusRecord>>;
  /** Deletes a bus with its rules and their targets. */
  deleteEventBus(name: string): Promise<void>;

  /** Creates or replaces a rule (its targets stay); the rule as stored. */
  putRule(rule: RuleRecord): Promise<RuleRecord>;
  getRule(eventBusName: string, name: string): Promise<RuleRecord | undefined>;
  listRules(eventBusName: string, prefix: string | undefined, page: PageRequest): Promise<Page<RuleRecord>>;
  /** Every enabled rule of a bus that has targets, with them: what PutEvents matches against. */
  activeRules(eventBusName: string): Promise<{ rule: RuleRecord; targets: TargetRecord[] }[]>;
  /** Enabled rules with a ScheduleExpression and targets, on every bus. */
  scheduledRules(): Promise<{ rule: RuleRecord; targets: TargetRecord[] }[]>;
  /** Deletes a rule; 'has-targets' (nothing deleted) unless `force` or it has none. */
  deleteRule(eventBusName: string, name: string, force: boolean): Promise<'deleted' | 'missing' | 'has-targets'>;
  setRuleState(eventBusName: string, name: string, state: RuleRecord['state']): Promise<boolean>;

  /** Adds or replaces targets by Id. */
  putTargets(eventBusName: string, rule: string, targets: TargetRecord[]): Promise<void>;
  removeTargets(eventBusName: string, rule: string, ids: string[]): Promise<void>;
  listTargets(eventBusName: string, rule: string): Promise<TargetRecord[]>;

  /**
   * Writes deliveries (the outbox) in one transaction: all are durable, or none. With `fireKey` (a schedule's
   * due time), nothing is written and the answer is false when that key was written before: one fire per due time.
   */
  addDeliveries(deliveries: DeliveryRecord[], fireKey?: string): Promise<boolean>;
  /** Due deliveries whose lease is free or expired, leased to `owner`. */
  claimDeliveries(claim: DeliveryClaim): Promise<DeliveryRecord[]>;
  /** Ends a delivery (removed from the outbox) and logs how, if `owner` still holds it. */
  finishDelivery(owner: string, entry: DeliveryLogEntry): Promise<boolean>;
  /** Puts a delivery back, due again at `dueAt`, with its attempt count and last error. */
  retryDelivery(owner: string, id: string, attempts: number, dueAt: number, error: string): Promise<void>;
  /** When the next delivery is due (undefined: none waits). */
  nextDeliveryTime(): Promise<number | undefined>;
  /** Creates (false: one of that name exists) or, with `replace`, updates (false: none exists) a schedule. */
  putSchedule(schedule: ScheduleRecord, replace: boolean): Promise<boolean>;
  getSchedule(group: string, name: string): Promise<ScheduleRecord | undefined>;
  listSchedules(
    filter: { group?: string; prefix?: string; state?: string },
    page: PageRequest,
  ): Promise<Page<ScheduleRecord>>;
  deleteSchedule(group: string, name: string): Promise<boolean>;
  /** Schedules due at or before `now`, soonest first. */
  dueSchedules(now: number, limit: number): Promise<ScheduleRecord[]>;
  /** Commits one fire (false, nothing written: another node or an earlier run fired that due time). */
  fireSchedule(fire: ScheduleFire): Promise<boolean>;
  /** When the next schedule is due (undefined: none). */
  nextScheduleTime(): Promise<number | undefined>;

  /** Creates (false: one of that name exists) or, with `replace`, updates (false: none exists) a pipe. */
  putPipe(pipe: PipeRecord, replace: boolean): Promise<boolean>;
  getPipe(name: string): Promise<PipeRecord | undefined>;
  listPipes(prefix: string | undefined, page: PageRequest): Promise<Page<PipeRecord>>;
  deletePipe(name: string): Promise<boolean>;

  /** Adds a route under its key (method and path shape); false when one has that key. */
  putRoute(key: string, route: StoredRoute): Promise<boolean>;
  listRoutes(): Promise<StoredRoute[]>;
  deleteRoute(key: string): Promise<boolean>;

  /** Appends to the delivery log what was done without the outbox (a pipe's batch, started as it was read). */
  logDelivery(entry: DeliveryLogEntry): Promise<void>;
  /** The delivery log, newest first; `source` narrows it. */
  listDeliveryLog(source: string | undefined, page: PageRequest): Promise<Page<DeliveryLogEntry>>;
}
