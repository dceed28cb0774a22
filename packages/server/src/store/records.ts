// The rows the Store keeps, as plain objects: what the service layer reads and the runtime writes.
// Dates are epoch milliseconds; JSON documents AWS passes through (logging, tracing) are kept as they came.

import type { EngineInput, ExecutionState, HistoryEvent, JsonValue, MapRunSpec, TaskInvocation } from '@stepwise/core';
import type { StateParts } from './state-parts.ts';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

/** A state machine as CreateStateMachine/UpdateStateMachine leave it (the `$LATEST` revision). */
export interface StateMachineRecord {
  arn: string;
  name: string;
  type: StateMachineType;
  /** The definition text, verbatim as the client sent it. */
  definition: string;
  roleArn: string;
  loggingConfiguration?: JsonValue;
  tracingConfiguration?: JsonValue;
  description?: string;
  /** Changes on every update of definition, role, logging or tracing; versions remember theirs. */
  revisionId: string;
  creationDate: number;
  /** Set by UpdateStateMachine; AWS's DescribeStateMachine has no updateDate, but ForExecution does. */
  updateDate?: number;
  /** DELETING once DeleteStateMachine was called while executions ran; absent (ACTIVE) otherwise. */
  status?: 'DELETING';
}

/** An immutable snapshot published by PublishStateMachineVersion (or UpdateStateMachine with publish). */
export interface VersionRecord {
  /** `<stateMachineArn>:<version>` */
  arn: string;
  stateMachineArn: string;
  /** 1, 2, 3...: never reused, even after the version is deleted. */
  version: number;
  description?: string;
  revisionId: string;
  type: StateMachineType;
  definition: string;
  roleArn: string;
  loggingConfiguration?: JsonValue;
  tracingConfiguration?: JsonValue;
  creationDate: number;
}

/** One route of an alias: AWS allows one or two, weights summing to 100. */
export interface RoutingEntry {
  stateMachineVersionArn: string;
  weight: number;
}

export interface AliasRecord {
  /** `<stateMachineArn>:<aliasName>` */
  arn: string;
  stateMachineArn: string;
  name: string;
  description?: string;
  routingConfiguration: RoutingEntry[];
  creationDate: number;
  updateDate?: number;
}

export interface ActivityRecord {
  arn: string;
  name: string;
  creationDate: number;
  encryptionConfiguration?: JsonValue;
}

export interface Tag {
  key: string;
  value: string;
}

/**
 * One Standard execution. `state` is the engine's ExecutionState (the truth); status, output, error,
 * cause and stopDate are copies of it kept in columns so that lists and filters need not parse it.
 */
export interface ExecutionRecord {
  arn: string;
  name: string;
  /** The unqualified state machine ARN, even when started through a version or an alias. */
  stateMachineArn: string;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  /** The definition and revision the execution runs: updates to the machine do not affect it. */
  definition: string;
  revisionId: string;
  roleArn: string;
  loggingConfiguration?: JsonValue;
  tracingConfiguration?: JsonValue;
  status: ExecutionState['status'];
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  redriveCount: number;
  redriveDate?: number;
  traceHeader?: string;
  /** Set for the child executions of a distributed Map run. */
  mapRunArn?: string;
  /** Set for an execution a Task started (`states:startExecution`): which task, in which execution. */
  parent?: ParentTask;
  state: ExecutionState;
  /** Optimistic-concurrency counter: every committed step increments it. */
  version: number;
}

/** The Task that started an execution: it hears of the child's end (`.sync`) and stops it when cancelled. */
export interface ParentTask {
  executionArn: string;
  taskId: string;
  /** The parent Task's resource, e.g. `arn:aws:states:::states:startExecution.sync:2`. */
  resource: string;
}

/**
 * Durable work attached to an execution: a timer to fire, a task to invoke, or an input to deliver
 * (a task's answer placed later on the clock, a callback). Ids are `<executionArn>#<engine timer or
 * task id>[#suffix]`, so writing the same command twice is harmless.
 */
export type WorkItem =
  | { id: string; executionArn: string; kind: 'timer'; dueTime: number; timerId: string }
  | { id: string; executionArn: string; kind: 'task'; dueTime: number; invocation: TaskInvocation }
  | { id: string; executionArn: string; kind: 'input'; dueTime: number; input: EngineInput }
  /** A Distributed Map run's work, keyed by the run's ARN (it outlives the step that caused it). */
  | { id: string; executionArn: string; kind: 'mapRun'; dueTime: number; action: MapRunAction }
  /** A job `.sync` task's job (Batch, Glue, SageMaker): look at it again, or stop it. */
  | { id: string; executionArn: string; kind: 'job'; dueTime: number; job: JobWork };

/**
 * A job started by a `.sync` task, as the start call's response named it: what the describe and stop calls
 * need. Committed with the step that recorded TaskSubmitted, so any node resumes polling after a restart.
 */
export interface JobWork {
  /** `poll`: describe the job and answer the task when it ended; `stop`: the task was cancelled, stop the job. */
  action: 'poll' | 'stop';
  /** The task's resource, e.g. `arn:aws:states:::batch:submitJob.sync`. */
  resource: string;
  /** The engine's task id, which TaskSucceeded/TaskFailed name. */
  taskId: string;
  /** The job's identity as the integration keeps it (e.g. `{ "JobId": ... }`). */
  handle: JsonValue;
  /** Describe calls made so far: the next poll's back-off grows with it. */
  polls: number;
}

/** A map run's child that ended, as its last step left it. */
export interface MapRunChildEnd {
  /** The child execution that ended. */
  executionArn: string;
  status: Exclude<MapRunItemStatus, 'PENDING' | 'RUNNING'>;
  output?: string;
  error?: string;
  cause?: string;
}

/** What a child item can be: waiting to start, its execution created or running, or ended. */
export type MapRunItemStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What a map run's work item asks of the runtime's map-run driver (runtime/map-run-driver.ts). */
export type MapRunAction =
  /** Create the run (once) and start its first children; `executionArn` is the parent's. */
  | { type: 'start'; spec: MapRunSpec; executionArn: string; startDate: number }
  /** A child ended: count it, start the next children, end the run when it is decided. */
  | { type: 'childEnded'; mapRunArn: string; end: MapRunChildEnd }
  /** The Map was aborted: stop the running children. */
  | { type: 'stop'; mapRunArn: string };

/** A work item as claimed: the holder may act on it until `leaseUntil`. */
/**
 * Claimed work: `attempts` counts its claims; `crashes` those after which its start mark was still set
 * (the process died while performing it; see Store.markWork).
 */
export type ClaimedWork = WorkItem & { leaseOwner: string; leaseUntil: number; attempts: number; crashes: number };

/**
 * A task token handed out for `.waitForTaskToken` or an activity: SendTaskSuccess/Failure/Heartbeat
 * find the execution and task through it. Activity tokens also queue work for GetActivityTask.
 */
export interface TaskTokenRecord {
  token: string;
  executionArn: string;
  /** The engine's task id, which TaskSucceeded/TaskFailed name. */
  taskId: string;
  /** For an activity task: the activity whose workers may claim it, and the input they receive. */
  activityArn?: string;
  input?: string;
  createdDate: number;
  /** Set when a worker's GetActivityTask claimed it. */
  workerName?: string;
  claimedDate?: number;
  /** Set when the task ended: by SendTaskSuccess/Failure (`completed`) or otherwise (`timed-out`). */
  closedReason?: TokenCloseReason;
}

/**
 * Why a token no longer completes its task: its callback came (`completed`), or the task ended some
 * other way, by a timeout, a stop or the end of its execution (`timed-out`, as AWS calls them all).
 */
export type TokenCloseReason = 'completed' | 'timed-out';

/** What one engine step changes, committed in one transaction (the transactional outbox). */
export interface StepCommit {
  executionArn: string;
  /** The `version` the step was computed from; another commit in between makes this one a conflict. */
  expectedVersion: number;
  state: ExecutionState;
  events: HistoryEvent[];
  /** New timers and task invocations; an id already present is left as it is. */
  addWork?: WorkItem[];
  /** Cancelled timers and tasks; absent ids are ignored. */
  removeWork?: string[];
  /**
   * The work item this step consumes (the timer that fired, the task that answered). If it no longer
   * exists, someone else already applied it: the commit is refused with 'consumed'.
   */
  consumes?: string;
  addTokens?: TaskTokenRecord[];
  removeTokens?: string[];
  /** Closes the tokens of these tasks of this execution (tokens already closed keep their reason). */
  closeTokens?: { taskId: string; reason: TokenCloseReason }[];
  /**
   * An activity task this step hands to a worker: refused with 'consumed' when the token is no longer
   * open and unclaimed (another worker took it, or its task ended).
   */
  claimsToken?: { token: string; workerName?: string; claimedDate: number };
  /** Set by a RedriveExecution step. */
  redriveDate?: number;
  /**
   * The claim under which this node performed `consumes` (its lease's owner and attempt): when another
   * node has claimed the item since (this node's lease ran out), the commit is refused with 'fenced', so a
   * node that lost its lease never commits the step the new owner is taking.
   */
  claim?: { owner: string; attempts: number };
  /**
   * Stops the running children of these cancelled `.sync` tasks: the store lists them inside the commit
   * and adds a StopExecution input for each, due at `dueTime` (see store/child-stops.ts).
   */
  stopChildren?: { taskIds: string[]; dueTime: number };
  /**
   * What the step changed of `state`, as part rows (state-changes.ts); absent, the store writes `state` whole.
   * It must describe `state` exactly: the store writes these rows, not `state`.
   */
  parts?: StateParts;
}

/**
 * How much of an execution's state a read assembles. `withoutThreads`: the state's threads are left out
 * (an empty table), for a reader of its status, input, output and redrive details (DescribeExecution),
 * so that describing a large Map in flight does not read its iterations.
 */
export interface ExecutionRead {
  withoutThreads?: boolean;
}

/**
 * `conflict`: another step committed first (read again and retry); `consumed`: the consumed work item or
 * claimed token is gone (someone applied it); `fenced`: another node holds the consumed item's claim now.
 */
export type CommitResult = 'committed' | 'conflict' | 'consumed' | 'fenced';

/** A page of results: `nextToken` is opaque, to be passed back as `after`. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface PageRequest {
  limit: number;
  /** A `nextToken` from the previous page. */
  after?: string;
}

export interface ExecutionFilter {
  stateMachineArn?: string;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  mapRunArn?: string;
  status?: ExecutionState['status'];
  /** ListExecutions' redriveFilter. */
  redriven?: boolean;
  /** Executions started by a Task of this execution (and this task, when given). */
  parent?: { executionArn: string; taskId?: string };
}

/** A page token the store did not issue: every implementation throws this one, so the API can say InvalidToken. */
export class InvalidPageTokenError extends Error {
  constructor(token: string) {
    super(`invalid page token: ${token}`);
    this.name = 'InvalidPageTokenError';
  }
}
