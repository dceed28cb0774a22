// The Map Run store: a Distributed Map's run and one row per child item, kept apart from the parent's
// execution state so that a child's end costs one small update, whatever the run's size. The children
// themselves are ordinary executions (ExecutionRecord.mapRunArn links them).

import type { JsonValue } from '@stepwise/core';
import type { MapRunChildEnd, MapRunItemStatus, Page, PageRequest, WorkItem } from './records.ts';

export type { MapRunChildEnd, MapRunItemStatus };
import type { Store } from './store.ts';

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** Children by status, as DescribeMapRun's itemCounts and executionCounts give them. */
export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
}

export interface MapRunRecord {
  arn: string;
  /** The parent execution, whose Map state started the run. */
  executionArn: string;
  /** The children's state machine, `…:stateMachine:MACHINE/LABEL`. */
  stateMachineArn: string;
  status: MapRunStatus;
  /** The children's definition (the ItemProcessor as a state machine). */
  definition: string;
  executionType: 'STANDARD' | 'EXPRESS';
  /** The role the children run with (the parent execution's). */
  roleArn: string;
  /** 0: no limit. */
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  startDate: number;
  stopDate?: number;
  redriveCount: number;
  redriveDate?: number;
  counts: MapRunCounts;
  /** Its Map has a ResultWriter: the run's end hands no outputs on; the files are written from the items. */
  resultsStay?: boolean;
}

/** A child to start: its item's index, its input, and the execution ARN it was given. */
export interface MapRunChildStart {
  index: number;
  input: string;
  executionArn: string;
  /** A STANDARD child that failed before the run's redrive: its execution is redriven, not created. */
  redrive?: boolean;
}

/** One child's record as the ResultWriter reads it: its input, status, execution and result. */
export interface MapRunItemRecord {
  index: number;
  /** The child's input (JSON text). */
  input: string;
  status: MapRunItemStatus;
  /** Absent for a child never started. */
  executionArn?: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** The children's results in item order: output texts (null where the child did not succeed), and failures. */
export interface MapRunResults {
  outputs: (string | null)[];
  failures: Record<number, { error: string; cause?: string }>;
}

/**
 * A work item the driver consumes, with the claim it was performed under (see StepCommit.claim): when
 * another node has claimed the item since, the store refuses the write (the node lost its claim).
 */
export interface ConsumedWork {
  id: string;
  claim?: { owner: string; attempts: number };
}

/** The work items a map run's write consumes: ids alone (unfenced) or with their claims. */
export type MapRunConsumes = string | ConsumedWork | readonly (string | ConsumedWork)[];

/** `consumes` as a list of items. */
export function consumedItems(consumes: MapRunConsumes | undefined): ConsumedWork[] {
  if (consumes === undefined) return [];
  const list =
    typeof consumes === 'string' || !Array.isArray(consumes) ? [consumes as string | ConsumedWork] : consumes;
  return list.map((item: string | ConsumedWork) => (typeof item === 'string' ? { id: item } : item));
}

/** Whether a consumed item, as the store holds it (absent: undefined), was claimed by another node since. */
export function claimLost(item: ConsumedWork, held: { owner: unknown; attempts: number } | undefined): boolean {
  if (item.claim === undefined || held === undefined) return false;
  return held.owner !== item.claim.owner || held.attempts !== item.claim.attempts;
}

export type MapRunPatch = Partial<
  Pick<MapRunRecord, 'maxConcurrency' | 'toleratedFailureCount' | 'toleratedFailurePercentage'>
>;

export interface MapRunStore {
  /** Inserts the run with one PENDING item per input; false (nothing written) when the ARN exists. */
  createMapRun(run: Omit<MapRunRecord, 'counts'>, inputs: readonly JsonValue[]): Promise<boolean>;
  getMapRun(arn: string): Promise<MapRunRecord | undefined>;
  /** The runs an execution started, oldest first. */
  listMapRuns(executionArn: string, page: PageRequest): Promise<Page<MapRunRecord>>;
  /** UpdateMapRun: undefined when there is no such run. */
  updateMapRun(arn: string, patch: MapRunPatch): Promise<MapRunRecord | undefined>;
  /**
   * Children to start, lowest index first, as many as the run's MaxConcurrency leaves room for (at most
   * `batch`): PENDING items become RUNNING, named by `executionArnFor`. Items taken before whose
   * execution may not exist yet (a crash in between) are returned again first, so starting is idempotent.
   * None once the run has ended.
   */
  takeChildren(arn: string, batch: number, executionArnFor: (index: number) => string): Promise<MapRunChildStart[]>;
  /**
   * Marks children started (takeChildren no longer returns them) and consumes the work item(s) `consumes`
   * (absent ids are ignored), in one transaction. False, writing nothing, when another node has claimed one
   * of them since the claim given with it (fencing).
   */
  childrenStarted(arn: string, indices: readonly number[], consumes?: MapRunConsumes): Promise<boolean>;
  /**
   * Records a child's end (once: a repeat changes nothing) and returns the run as it stands after it;
   * undefined when there is no such run.
   */
  childEnded(arn: string, end: MapRunChildEnd): Promise<MapRunRecord | undefined>;
  /** childEnded for many children in one transaction (EXPRESS children run in memory end in batches). */
  childrenEnded(arn: string, ends: readonly MapRunChildEnd[]): Promise<MapRunRecord | undefined>;
  /**
   * Puts the RUNNING items of a RUNNING run back to PENDING, without an execution: EXPRESS children keep
   * no record, so those an earlier attempt left unfinished (a crash) are run again (at least once, as AWS).
   */
  requeueChildren(arn: string): Promise<void>;
  /**
   * Ends a RUNNING run (status and stop date) and, only if it was RUNNING, adds `addWork` (the parent's
   * MapRunEnded, the children's stops); consumes `consumes` either way. False when it had ended already, or
   * (writing nothing) when another node has claimed a consumed item since the claim given with it.
   */
  endMapRun(
    arn: string,
    status: Exclude<MapRunStatus, 'RUNNING'>,
    stopDate: number,
    work: { addWork: WorkItem[]; consumes?: MapRunConsumes },
  ): Promise<boolean>;
  /**
   * The children's results in item order: the output text of those that succeeded (null for the
   * others) and the failures of those that did not.
   */
  mapRunResults(
    arn: string,
  ): Promise<{ outputs: (string | null)[]; failures: Record<number, { error: string; cause?: string }> }>;
  /**
   * Redrives an ended run to `redriveCount` (once: a repeat, or a lower count, changes nothing): RUNNING
   * again, its failed, timed-out and aborted items PENDING (a STANDARD child keeps its execution, to be
   * redriven; an EXPRESS one is run anew), the succeeded ones kept. False when nothing changed.
   */
  redriveMapRun(arn: string, redriveCount: number, redriveDate: number): Promise<boolean>;
  /** The ARNs of the children still running (to stop them). */
  runningChildren(arn: string): Promise<string[]>;
  /** Up to `limit` children after index `after` (-1: from the first), in item order (the ResultWriter's pages). */
  mapRunItems(arn: string, after: number, limit: number): Promise<MapRunItemRecord[]>;
}

/** Whether a store keeps map runs (both of Stepwise's stores do; a test double may not). */
export function keepsMapRuns(store: Store): store is Store & MapRunStore {
  return typeof (store as Partial<MapRunStore>).createMapRun === 'function';
}
