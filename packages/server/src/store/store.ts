// The Store: the one narrow persistence interface of the server, implemented by SQLite (embedded, one
// node) and later PostgreSQL (several nodes). Every method is one transaction, so callers never hold a
// transaction open across awaits; methods are async because PostgreSQL is, SQLite resolves at once.

import type { HistoryEvent } from '@stepwise/core';
import type {
  ActivityRecord,
  AliasRecord,
  ClaimedWork,
  CommitResult,
  ExecutionFilter,
  ExecutionRead,
  ExecutionRecord,
  Page,
  PageRequest,
  StateMachineRecord,
  StepCommit,
  Tag,
  TaskTokenRecord,
  VersionRecord,
  WorkItem,
} from './records.ts';

export type * from './records.ts';

/** The members of a state machine UpdateStateMachine may change (absent: unchanged). */
export type StateMachinePatch = Partial<
  Pick<StateMachineRecord, 'definition' | 'roleArn' | 'loggingConfiguration' | 'tracingConfiguration'>
> & { revisionId: string; updateDate: number };

export interface HistoryRequest extends PageRequest {
  /** Newest first. */
  reverse?: boolean;
}

export interface ClaimRequest {
  /** Who claims: a node id unique per process run. */
  owner: string;
  /** Items due at or before `now` whose lease is free or expired are claimable. */
  now: number;
  leaseUntil: number;
  limit: number;
}

export interface Store {
  // ----- State machines, versions, aliases -----

  /** Inserts a state machine; false (nothing written) when one with the same ARN exists. */
  createStateMachine(machine: StateMachineRecord, tags?: Tag[]): Promise<boolean>;
  getStateMachine(arn: string): Promise<StateMachineRecord | undefined>;
  /** Ordered by creation date then ARN, oldest first; only ARNs starting with `arnPrefix` (one account's) when given. */
  listStateMachines(page: PageRequest, arnPrefix?: string): Promise<Page<StateMachineRecord>>;
  /**
   * Applies `patch` to the machine; with `publish`, atomically publishes the updated revision as a new
   * version. Undefined when there is no such machine.
   */
  updateStateMachine(
    arn: string,
    patch: StateMachinePatch,
    publish?: { description?: string; creationDate: number },
  ): Promise<{ machine: StateMachineRecord; version?: VersionRecord } | undefined>;
  /**
   * Deletes the machine with its versions, aliases and their tags; running executions keep running. With
   * `onlyDeleting`, only a machine marked DELETING goes (not one created again under its name since).
   */
  deleteStateMachine(arn: string, options?: { onlyDeleting?: boolean }): Promise<boolean>;
  /**
   * DeleteStateMachine's first half: marks the machine DELETING and deletes its versions, aliases and their
   * tags at once. False when there is no such machine.
   */
  markStateMachineDeleting(arn: string): Promise<boolean>;
  /** The ARNs of the machines marked DELETING (few: each goes when its last execution ends). */
  listDeletingStateMachines(): Promise<string[]>;

  /**
   * Publishes the machine's current revision as the next version number. Undefined when the machine
   * does not exist or its revisionId differs from `expectedRevisionId` (PublishStateMachineVersion's
   * conflict check). The service decides beforehand whether the latest version already has this revision.
   */
  publishVersion(
    stateMachineArn: string,
    options: { description?: string; creationDate: number; expectedRevisionId?: string },
  ): Promise<VersionRecord | undefined>;
  getVersion(versionArn: string): Promise<VersionRecord | undefined>;
  /** Newest version first, as ListStateMachineVersions returns them. */
  listVersions(stateMachineArn: string, page: PageRequest): Promise<Page<VersionRecord>>;
  deleteVersion(versionArn: string): Promise<boolean>;

  /** Inserts an alias; false when one with the same ARN exists. */
  createAlias(alias: AliasRecord, tags?: Tag[]): Promise<boolean>;
  getAlias(aliasArn: string): Promise<AliasRecord | undefined>;
  /** Replaces description and routing; undefined when there is no such alias. */
  updateAlias(
    aliasArn: string,
    patch: Partial<Pick<AliasRecord, 'description' | 'routingConfiguration'>> & { updateDate: number },
  ): Promise<AliasRecord | undefined>;
  /** Ordered by creation date then ARN. */
  listAliases(stateMachineArn: string, page: PageRequest): Promise<Page<AliasRecord>>;
  deleteAlias(aliasArn: string): Promise<boolean>;

  // ----- Tags (any resource ARN) -----

  /** Tags of a resource, in the order their keys were first set. */
  listTags(resourceArn: string): Promise<Tag[]>;
  /** Adds or overwrites tags by key. */
  tagResource(resourceArn: string, tags: Tag[]): Promise<void>;
  untagResource(resourceArn: string, keys: string[]): Promise<void>;

  // ----- Activities -----

  /** Inserts an activity; false when one with the same ARN exists. */
  createActivity(activity: ActivityRecord, tags?: Tag[]): Promise<boolean>;
  getActivity(arn: string): Promise<ActivityRecord | undefined>;
  /** Oldest first; only ARNs starting with `arnPrefix` (one account's) when given. */
  listActivities(page: PageRequest, arnPrefix?: string): Promise<Page<ActivityRecord>>;
  deleteActivity(arn: string): Promise<boolean>;

  // ----- Executions and their history -----

  /**
   * Inserts a new execution (with `version` 0) together with its first events, work and tokens, in
   * one transaction. When an execution with the same ARN exists, nothing is written and it is returned,
   * so the caller can tell an idempotent retry from ExecutionAlreadyExists.
   */
  createExecution(
    execution: ExecutionRecord,
    first: Pick<StepCommit, 'events' | 'addWork' | 'addTokens'>,
  ): Promise<{ created: true } | { created: false; existing: ExecutionRecord }>;
  /** The execution, its state whole unless `read` says otherwise. */
  getExecution(arn: string, read?: ExecutionRead): Promise<ExecutionRecord | undefined>;
  /**
   * The part rows of the execution's state (state-parts.ts) whose keys start with `prefix`, as [key, JSON
   * text]: what the runtime left in the store of a running inline Map. Absent: the store keeps states whole.
   */
  readStateParts?(arn: string, prefix: string): Promise<[string, string][]>;
  /** Newest start date first, as ListExecutions returns them. */
  listExecutions(filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionRecord>>;
  /**
   * Commits one engine step: the new state, its history events, work added and removed, tokens, all
   * in one transaction, guarded by `expectedVersion`, `consumes` and `claimsToken`. When the new state
   * is terminal, all of the execution's remaining work is removed and its open tokens are closed
   * (`timed-out`). Work may be added for other executions (a child's end reported to its parent).
   */
  commitStep(commit: StepCommit): Promise<CommitResult>;
  /** Deletes an execution with its history, work and tokens (finished Express executions, retention). */
  deleteExecution(arn: string): Promise<boolean>;
  /**
   * Retention: deletes up to `limit` executions that closed before `closedBefore` (never a running one),
   * oldest first, each as deleteExecution does (a Map run's children are executions like any other and
   * go by their own close). Returns the ARNs deleted; fewer than `limit` means none is left to delete.
   */
  expireExecutions(closedBefore: number, limit: number): Promise<string[]>;
  /** History events in id order (or reversed); the token is opaque. */
  getHistory(executionArn: string, request: HistoryRequest): Promise<Page<HistoryEvent>>;

  // ----- Work: timers and task invocations, claimed with leases -----

  /**
   * Claims up to `limit` due work items, earliest due first, setting their lease to `owner` until
   * `leaseUntil` and counting an attempt. Two concurrent callers never receive the same item
   * (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claimWork(request: ClaimRequest): Promise<ClaimedWork[]>;
  /** Extends the lease of items still held by `owner` (long task calls); returns the ids extended. */
  renewLeases(owner: string, ids: string[], leaseUntil: number): Promise<string[]>;
  /** Gives up a claim without doing the work (e.g. on shutdown), so it is claimable again at once. */
  releaseWork(owner: string, ids: string[]): Promise<void>;
  /**
   * Sets (before its step runs) or clears the start mark of an item `owner` holds, durably; false when
   * it holds it no longer. The commit that consumes the item, or releaseWork, removes the mark; a claim
   * that finds it still set charges the item a crash (ClaimedWork.crashes) and clears it.
   */
  markWork(owner: string, id: string, started: boolean): Promise<boolean>;
  /**
   * When the scheduler must look again: the earliest due time of unleased work, or the earliest
   * lease expiry of leased work. Undefined when there is no work at all.
   */
  nextWakeTime(): Promise<number | undefined>;
  /** The work items of one execution (for StopExecution, tests and diagnostics). */
  listWork(executionArn: string): Promise<WorkItem[]>;

  // ----- Task tokens and activity tasks -----

  getTaskToken(token: string): Promise<TaskTokenRecord | undefined>;
  /**
   * The open, unclaimed tasks of an activity, oldest first: candidates for GetActivityTask, which hands
   * one to a worker with a step that `claimsToken` (so that two workers never get the same task).
   */
  listActivityTasks(activityArn: string, limit: number): Promise<TaskTokenRecord[]>;

  // ----- Lifecycle -----

  /** Finishes the transaction in progress and releases the database (and its lock). */
  close(): Promise<void>;
}
