// The Store on PostgreSQL, for several stateless nodes sharing one database: each method is one READ
// COMMITTED transaction on a pooled connection; work is claimed with leases and SKIP LOCKED; nothing is
// held in this process that another node would need to see.

import { asPgStorageFault } from './pg-faults.ts';
import type pg from 'pg';
import type { ClaimRequest, HistoryRequest, StateMachinePatch, Store } from '../store.ts';
import type {
  ActivityRecord,
  AliasRecord,
  ExecutionFilter,
  ExecutionRead,
  ExecutionRecord,
  PageRequest,
  StateMachineRecord,
  StepCommit,
  Tag,
  WorkItem,
} from '../records.ts';
import type { JsonValue } from '@stepwise/core';
import type {
  MapRunChildEnd,
  MapRunConsumes,
  MapRunPatch,
  MapRunRecord,
  MapRunStatus,
  MapRunStore,
} from '../map-run-store.ts';
import * as catalog from './catalog.ts';
import * as mapRuns from './map-runs.ts';
import * as executions from './executions.ts';
import { commitInOneStatement, createInOneStatement, DefinitionIds, fitsCommitFunction } from './one-round-trip.ts';
import { GroupCommit } from './group-commit.ts';
import { GroupCreate } from './group-create.ts';
import { migratePostgres } from './migrate.ts';
import { openPool, statement, transaction, type Tx } from './pg-db.ts';
import { selectGauges } from './gauges.ts';
import * as work from './work.ts';
import { openPostgresSignals } from './postgres-signals.ts';
import type { Signals } from '../signals.ts';
import type { TriggerStore } from '../trigger-store.ts';
import { createPostgresTriggerStore } from './postgres-trigger-store.ts';
import type { TemplateRecords } from '../template-records.ts';
import { createPostgresTemplateRecords } from './template-resources.ts';

export interface PostgresStoreOptions {
  /** `postgres://USER[:PASSWORD]@HOST:PORT/DATABASE` */
  url: string;
  /** Connections this node keeps open at most (10 by default). */
  poolSize?: number;
  /** Told of a failure of the signals' connection (they resume by themselves). */
  onSignalsError?: (error: unknown) => void;
}

/** The store of one node, with the signals that reach the other nodes on the same database. */
export interface PostgresStore extends Store, MapRunStore {
  readonly signals: Signals;
  /** The TriggerStore on the same database and pool. */
  triggers(): TriggerStore;
  /** Which template made which resource, on the same pool. */
  templateRecords(): TemplateRecords;
}

export class DatabaseUnreachableError extends Error {
  constructor(
    readonly where: string,
    cause: unknown,
  ) {
    super(`cannot reach the database at ${where}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'DatabaseUnreachableError';
  }
}

/** The URL without its password, for messages and logs. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'an unparsable database URL';
  }
}

/**
 * Connects, migrates and returns the store. Throws DatabaseUnreachableError when no connection can be
 * made, SchemaTooNewError when a newer Stepwise migrated the database.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const where = describeDatabaseUrl(options.url);
  const pool = openPool(options.url, options.poolSize ?? 10);
  // An idle client losing its connection (the server restarted) is dropped from the pool, not fatal.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect().catch((error: unknown) => {
      throw new DatabaseUnreachableError(where, error);
    });
    client.release();
    await migratePostgres(pool, where);
    const signalsOptions = { url: options.url, ...(options.onSignalsError ? { onError: options.onSignalsError } : {}) };
    return new PgStore(pool, await openPostgresSignals(signalsOptions, pool), where);
  } catch (error) {
    await pool.end();
    throw error;
  }
}

class PgStore implements PostgresStore {
  private closed = false;
  private readonly definitionIds = new DefinitionIds();
  private readonly group = new GroupCommit({
    statement: (fn) => this.one(fn),
    single: (commit) => this.one((tx) => commitInOneStatement(tx, commit)),
  });
  private readonly starts = new GroupCreate({
    statement: (fn) => this.one(fn),
    single: ({ execution, definitionId, first }) =>
      this.one((tx) => createInOneStatement(tx, execution, definitionId, first)),
  });

  constructor(
    private readonly pool: pg.Pool,
    readonly signals: Signals,
    /** The database, named in storage faults (pg-faults.ts). */
    private readonly where: string,
  ) {}

  private tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return transaction(this.pool, fn).catch((error: unknown) => Promise.reject(asPgStorageFault(error, this.where)));
  }

  /** For operations of one statement, which is a transaction by itself. */
  private one<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return statement(this.pool, fn).catch((error: unknown) => Promise.reject(asPgStorageFault(error, this.where)));
  }

  triggers(): TriggerStore {
    return createPostgresTriggerStore(
      (fn) => this.tx(fn),
      (fn) => this.one(fn),
    );
  }

  templateRecords(): TemplateRecords {
    return createPostgresTemplateRecords(
      (fn) => this.tx(fn),
      (fn) => this.one(fn),
    );
  }

  createStateMachine(machine: StateMachineRecord, tags: Tag[] = []) {
    return this.tx((tx) => catalog.insertStateMachine(tx, machine, tags));
  }
  getStateMachine(arn: string) {
    return this.tx((tx) => catalog.selectStateMachine(tx, arn));
  }
  listStateMachines(page: PageRequest, arnPrefix = '') {
    return this.tx((tx) => catalog.selectStateMachines(tx, page, arnPrefix));
  }
  updateStateMachine(arn: string, patch: StateMachinePatch, publish?: { description?: string; creationDate: number }) {
    return this.tx(async (tx) => {
      const machine = await catalog.patchStateMachine(tx, arn, patch);
      if (machine === undefined) return undefined;
      if (publish === undefined) return { machine };
      return { machine, version: await catalog.insertVersion(tx, arn, publish) };
    });
  }
  deleteStateMachine(arn: string, options: { onlyDeleting?: boolean } = {}) {
    return this.tx((tx) => catalog.removeStateMachine(tx, arn, options.onlyDeleting));
  }
  markStateMachineDeleting(arn: string) {
    return this.tx((tx) => catalog.markStateMachineDeleting(tx, arn));
  }
  listDeletingStateMachines() {
    return this.tx((tx) => catalog.selectDeletingStateMachines(tx));
  }
  publishVersion(arn: string, options: { description?: string; creationDate: number; expectedRevisionId?: string }) {
    return this.tx((tx) => catalog.insertVersion(tx, arn, options));
  }
  getVersion(arn: string) {
    return this.tx((tx) => catalog.selectVersion(tx, arn));
  }
  listVersions(machineArn: string, page: PageRequest) {
    return this.tx((tx) => catalog.selectVersions(tx, machineArn, page));
  }
  deleteVersion(arn: string) {
    return this.tx((tx) => catalog.removeVersion(tx, arn));
  }
  createAlias(alias: AliasRecord, tags: Tag[] = []) {
    return this.tx((tx) => catalog.insertAlias(tx, alias, tags));
  }
  getAlias(arn: string) {
    return this.tx((tx) => catalog.selectAlias(tx, arn));
  }
  updateAlias(
    arn: string,
    patch: Partial<Pick<AliasRecord, 'description' | 'routingConfiguration'>> & { updateDate: number },
  ) {
    return this.tx((tx) => catalog.patchAlias(tx, arn, patch));
  }
  listAliases(machineArn: string, page: PageRequest) {
    return this.tx((tx) => catalog.selectAliases(tx, machineArn, page));
  }
  deleteAlias(arn: string) {
    return this.tx((tx) => catalog.removeAlias(tx, arn));
  }
  listTags(arn: string) {
    return this.tx((tx) => catalog.selectTags(tx, arn));
  }
  tagResource(arn: string, tags: Tag[]) {
    return this.tx((tx) => catalog.setTags(tx, arn, tags));
  }
  untagResource(arn: string, keys: string[]) {
    return this.tx((tx) => catalog.removeTags(tx, arn, keys));
  }
  createActivity(activity: ActivityRecord, tags: Tag[] = []) {
    return this.tx((tx) => catalog.insertActivity(tx, activity, tags));
  }
  getActivity(arn: string) {
    return this.tx((tx) => catalog.selectActivity(tx, arn));
  }
  listActivities(page: PageRequest, arnPrefix = '') {
    return this.tx((tx) => catalog.selectActivities(tx, page, arnPrefix));
  }
  deleteActivity(arn: string) {
    return this.tx((tx) => catalog.removeActivity(tx, arn));
  }
  async createExecution(execution: ExecutionRecord, first: Pick<StepCommit, 'events' | 'addWork' | 'addTokens'>) {
    const definitionId = this.definitionIds.get(execution.definition);
    if (definitionId !== undefined && (first.addTokens?.length ?? 0) === 0) {
      return this.starts.create({ execution, definitionId, first });
    }
    const created = await this.tx((tx) => executions.insertExecution(tx, execution, first));
    await this.one((tx) => this.definitionIds.learn(tx, execution.definition));
    return created;
  }
  getExecution(arn: string, read?: ExecutionRead) {
    return this.one((tx) => executions.selectExecution(tx, arn, read));
  }
  listExecutions(filter: ExecutionFilter, page: PageRequest) {
    return this.tx((tx) => executions.selectExecutions(tx, filter, page));
  }
  commitStep(commit: StepCommit) {
    if (fitsCommitFunction(commit)) return this.group.commit(commit);
    return this.tx((tx) => executions.commit(tx, commit));
  }
  deleteExecution(arn: string) {
    return this.tx((tx) => executions.removeExecution(tx, arn));
  }
  expireExecutions(closedBefore: number, limit: number) {
    return this.tx((tx) => executions.expireExecutions(tx, closedBefore, limit));
  }
  getHistory(arn: string, request: HistoryRequest) {
    return this.one((tx) => executions.selectHistory(tx, arn, request));
  }
  claimWork(request: ClaimRequest) {
    return this.one((tx) => work.claim(tx, request));
  }
  renewLeases(owner: string, ids: string[], leaseUntil: number) {
    return this.one((tx) => work.renew(tx, owner, ids, leaseUntil));
  }
  releaseWork(owner: string, ids: string[]) {
    return this.one((tx) => work.release(tx, owner, ids));
  }
  markWork(owner: string, id: string, started: boolean) {
    return this.one((tx) => work.mark(tx, owner, id, started));
  }
  nextWakeTime() {
    return this.one((tx) => work.wakeTime(tx));
  }
  /** /metrics' gauges (store-gauges.ts). */
  gauges(now: number) {
    return this.one((tx) => selectGauges(tx, now));
  }
  listWork(arn: string) {
    return this.one((tx) => work.selectWork(tx, arn));
  }
  getTaskToken(token: string) {
    return this.one((tx) => work.selectToken(tx, token));
  }
  listActivityTasks(activityArn: string, limit: number) {
    return this.one((tx) => work.openActivityTasks(tx, activityArn, limit));
  }

  // ----- MapRunStore (migration 0007) -----

  createMapRun(run: Omit<MapRunRecord, 'counts'>, inputs: readonly JsonValue[]) {
    return this.tx((tx) => mapRuns.insertMapRun(tx, run, inputs));
  }
  getMapRun(arn: string) {
    return this.tx((tx) => mapRuns.selectMapRun(tx, arn));
  }
  listMapRuns(executionArn: string, page: PageRequest) {
    return this.tx((tx) => mapRuns.selectMapRuns(tx, executionArn, page));
  }
  updateMapRun(arn: string, patch: MapRunPatch) {
    return this.tx((tx) => mapRuns.updateMapRun(tx, arn, patch));
  }
  takeChildren(arn: string, batch: number, executionArnFor: (index: number) => string) {
    return this.tx((tx) => mapRuns.takeChildren(tx, arn, batch, executionArnFor));
  }
  childrenStarted(arn: string, indices: readonly number[], consumes?: MapRunConsumes) {
    return this.tx((tx) => mapRuns.markStarted(tx, arn, indices, consumes));
  }
  childEnded(arn: string, end: MapRunChildEnd) {
    return this.tx((tx) => mapRuns.recordChildEnd(tx, arn, end));
  }
  childrenEnded(arn: string, ends: readonly MapRunChildEnd[]) {
    return this.tx((tx) => mapRuns.recordChildEnds(tx, arn, ends));
  }
  redriveMapRun(arn: string, redriveCount: number, redriveDate: number) {
    return this.tx((tx) => mapRuns.redriveMapRun(tx, arn, redriveCount, redriveDate));
  }
  requeueChildren(arn: string) {
    return this.tx((tx) => mapRuns.requeueChildren(tx, arn));
  }
  endMapRun(
    arn: string,
    status: Exclude<MapRunStatus, 'RUNNING'>,
    stopDate: number,
    work: { addWork: WorkItem[]; consumes?: MapRunConsumes },
  ) {
    return this.tx((tx) => mapRuns.endMapRun(tx, arn, status, stopDate, work));
  }
  mapRunResults(arn: string) {
    return this.tx((tx) => mapRuns.selectResults(tx, arn));
  }
  runningChildren(arn: string) {
    return this.tx((tx) => mapRuns.selectRunningChildren(tx, arn));
  }
  mapRunItems(arn: string, after: number, limit: number) {
    return this.tx((tx) => mapRuns.selectItemPage(tx, arn, after, limit));
  }

  /** Waits for the operations in flight, then closes every connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.signals.close();
    await this.pool.end();
  }
}
