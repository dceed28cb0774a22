// The embedded Store: one SQLite file in WAL mode, migrated on open, locked to one server process.
// better-sqlite3 is synchronous, so every method runs its transaction to the end before returning a
// resolved promise: no transaction ever spans an await, and close() cannot interrupt one.

import Database from 'better-sqlite3';
import type { JsonValue } from '@stepwise/core';
import type { ExecutionMinutesStore, MinuteCount } from '../execution-minutes.ts';
import type { LogBatch, LogEventQuery, LogStore, LogStreamQuery } from '../log-store.ts';
import type {
  MapRunChildEnd,
  MapRunConsumes,
  MapRunPatch,
  MapRunRecord,
  MapRunStatus,
  MapRunStore,
} from '../map-run-store.ts';
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
import * as catalog from './catalog.ts';
import { Db } from './db.ts';
import * as executions from './executions.ts';
import * as minutes from './execution-minutes.ts';
import { selectGauges } from './gauges.ts';
import * as logs from './logs.ts';
import * as mapRuns from './map-runs.ts';
import { asDataFileError, checkNotTruncated, fileIdentity, onReadOnlyFileSystem } from './data-file.ts';
import { StorageFault, storageFaultOf } from '../storage-fault.ts';
import { lockDatabaseFile, type FileLock } from './lock.ts';
import { migrate } from './migrate.ts';
import { createSqliteTriggerStore } from './sqlite-trigger-store.ts';
import * as work from './work.ts';
import type { TriggerStore } from '../trigger-store.ts';
import type { TemplateRecords } from '../template-records.ts';
import { createSqliteTemplateRecords } from './template-resources.ts';

export interface SqliteStoreOptions {
  /** The database file, or ':memory:' (tests: no lock, nothing kept). */
  file: string;
  /** SQLite's `synchronous` setting (see below); default NORMAL. */
  synchronous?: Synchronous;
}

export type Synchronous = 'NORMAL' | 'FULL';

/**
 * Opens (creating and migrating as needed) the store. Throws DatabaseLockedError when another
 * process, or another store in this one, has the file open.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store & LogStore & MapRunStore & ExecutionMinutesStore {
  const inMemory = options.file === ':memory:';
  const lock = inMemory ? undefined : lockDatabaseFile(options.file);
  try {
    if (!inMemory) checkNotTruncated(options.file);
    const raw = new Database(options.file);
    raw.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a process crash (the durability we test); only a power
    // loss may lose the last transactions, as with PostgreSQL's synchronous_commit = off. FULL syncs
    // the WAL at every commit, which removes that risk at the cost of an fsync per group commit.
    raw.pragma(`synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
    raw.pragma('foreign_keys = ON');
    migrate(raw, options.file);
    const db = new Db(raw);
    // The file lock guarantees no other process is alive to hold a lease: every lease is stale.
    db.transaction(() => {
      work.releaseAll(db);
    });
    return new SqliteStore(db, lock, !inMemory, options.file, inMemory ? undefined : fileIdentity(options.file));
  } catch (error) {
    lock?.release();
    throw asDataFileError(options.file, error);
  }
}

/** The TriggerStore on the same database and group commit as `store`, which openSqliteStore must have opened. */
export function sqliteTriggerStore(store: Store): TriggerStore {
  if (!(store instanceof SqliteStore)) throw new Error('sqliteTriggerStore needs a store openSqliteStore opened');
  return store.triggers();
}

/** The template records on the same database as `store`, which openSqliteStore must have opened. */
export function sqliteTemplateRecords(store: Store): TemplateRecords {
  if (!(store instanceof SqliteStore)) throw new Error('sqliteTemplateRecords needs a store openSqliteStore opened');
  return store.templateRecords();
}

/** The operations of one group commit: each resolves once the transaction holding it has committed. */
interface Batch {
  done: (() => void)[];
  failed: ((error: Error) => void)[];
}

class SqliteStore implements Store, LogStore, MapRunStore, ExecutionMinutesStore {
  private closed = false;
  private batch: Batch | undefined;

  constructor(
    private readonly db: Db,
    private readonly lock: FileLock | undefined,
    /** Group commit (a file): a commit writes the WAL, which costs more than most operations. */
    private readonly groupCommit: boolean,
    /** Named in storage faults. */
    private readonly file: string,
    /** The file's identity when opened (see fileIdentity); undefined in memory. */
    private readonly identity: string | undefined,
  ) {}

  /**
   * Runs `fn` as one atomic operation and resolves with its result (or rejects with its error). With
   * group commit, the operations of one turn of the event loop share a transaction, each in its own
   * savepoint (a failing one is undone alone and rejects at once), and every one resolves only after
   * that transaction has committed: nothing is acknowledged, and no effect follows from it, before it
   * is durable, exactly as with a transaction each, at a fraction of the commits.
   */
  private tx<T>(fn: (db: Db) => T, readOnly = false): Promise<T> {
    try {
      if (this.closed) throw new Error('the store is closed');
      if (!this.groupCommit) return Promise.resolve(this.db.transaction(() => fn(this.db)));
      const batch = this.openBatch();
      const result = this.db.savepoint(() => fn(this.db));
      return new Promise((resolve, reject) => {
        batch.done.push(() => {
          resolve(result);
        });
        // A read shared the group with writes whose commit failed (a full disk): it read their uncommitted
        // rows, so it reads again, alone, what is committed, rather than failing with them.
        batch.failed.push(
          readOnly
            ? () => {
                this.readAgain(fn, resolve, reject);
              }
            : reject,
        );
      });
    } catch (error) {
      return Promise.reject(this.failure(error));
    }
  }

  /** An operation that only reads: see tx(). */
  private read<T>(fn: (db: Db) => T): Promise<T> {
    return this.tx(fn, true);
  }

  private readAgain<T>(fn: (db: Db) => T, resolve: (value: T) => void, reject: (error: Error) => void): void {
    try {
      resolve(this.db.transaction(() => fn(this.db)));
    } catch (error) {
      reject(this.failure(error));
    }
  }

  /** A storage fault named as such (the disk is full, ...), any other error as an Error. */
  private failure(error: unknown): Error {
    const fault = storageFaultOf(error, this.file);
    // SQLite reports a write refused by a file system turned read-only (a failing disk remounted so by
    // the kernel) as an I/O error: name what happened.
    if (fault?.code.startsWith('SQLITE_IOERR') === true && onReadOnlyFileSystem(this.file)) {
      return new StorageFault('the data directory is read-only', this.file, `${fault.code}, EROFS`);
    }
    if (fault !== undefined) return fault;
    return error instanceof Error ? error : new Error(String(error));
  }

  private openBatch(): Batch {
    if (this.batch !== undefined) return this.batch;
    this.db.begin();
    const batch: Batch = { done: [], failed: [] };
    this.batch = batch;
    setImmediate(() => {
      this.flush();
    });
    return batch;
  }

  /** Commits the open group, then settles its operations. */
  private flush(): void {
    const batch = this.batch;
    if (batch === undefined) return;
    this.batch = undefined;
    try {
      this.checkFileInPlace();
      this.db.commit();
    } catch (error) {
      // SQLite may have rolled back already (a full disk does): a second rollback must not throw here, in
      // a callback of the event loop, where it would end the process.
      try {
        this.db.rollback();
      } catch {
        // Nothing left to undo.
      }
      const failure = this.failure(error);
      for (const fail of batch.failed) fail(failure);
      return;
    }
    for (const done of batch.done) done();
  }

  /**
   * SQLite goes on writing to a database file that was deleted or moved (with its directory), through
   * the descriptors it holds: every later commit would be acknowledged and lost. A stat per group commit
   * refuses them instead, as a storage fault.
   */
  private checkFileInPlace(): void {
    if (this.identity === undefined || fileIdentity(this.file) === this.identity) return;
    throw Object.assign(new Error(`${this.file} was moved or deleted`), { code: 'SQLITE_READONLY_DBMOVED' });
  }

  triggers(): TriggerStore {
    return createSqliteTriggerStore((fn) => this.tx(fn));
  }

  /** Which template made which resource, on the same connection. */
  templateRecords(): TemplateRecords {
    return createSqliteTemplateRecords((fn) => this.tx(fn));
  }

  createStateMachine(machine: StateMachineRecord, tags: Tag[] = []) {
    return this.tx((db) => catalog.insertStateMachine(db, machine, tags));
  }
  getStateMachine(arn: string) {
    return this.read((db) => catalog.selectStateMachine(db, arn));
  }
  listStateMachines(page: PageRequest, arnPrefix = '') {
    return this.read((db) => catalog.selectStateMachines(db, page, arnPrefix));
  }
  updateStateMachine(arn: string, patch: StateMachinePatch, publish?: { description?: string; creationDate: number }) {
    return this.tx((db) => {
      const machine = catalog.patchStateMachine(db, arn, patch);
      if (machine === undefined) return undefined;
      if (publish === undefined) return { machine };
      return { machine, version: catalog.insertVersion(db, arn, publish) };
    });
  }
  deleteStateMachine(arn: string, options: { onlyDeleting?: boolean } = {}) {
    return this.tx((db) => catalog.removeStateMachine(db, arn, options.onlyDeleting));
  }
  markStateMachineDeleting(arn: string) {
    return this.tx((db) => catalog.markStateMachineDeleting(db, arn));
  }
  listDeletingStateMachines() {
    return this.read((db) => catalog.selectDeletingStateMachines(db));
  }
  publishVersion(arn: string, options: { description?: string; creationDate: number; expectedRevisionId?: string }) {
    return this.tx((db) => catalog.insertVersion(db, arn, options));
  }
  getVersion(arn: string) {
    return this.read((db) => catalog.selectVersion(db, arn));
  }
  listVersions(machineArn: string, page: PageRequest) {
    return this.read((db) => catalog.selectVersions(db, machineArn, page));
  }
  deleteVersion(arn: string) {
    return this.tx((db) => catalog.removeVersion(db, arn));
  }
  createAlias(alias: AliasRecord, tags: Tag[] = []) {
    return this.tx((db) => catalog.insertAlias(db, alias, tags));
  }
  getAlias(arn: string) {
    return this.read((db) => catalog.selectAlias(db, arn));
  }
  updateAlias(
    arn: string,
    patch: Partial<Pick<AliasRecord, 'description' | 'routingConfiguration'>> & { updateDate: number },
  ) {
    return this.tx((db) => catalog.patchAlias(db, arn, patch));
  }
  listAliases(machineArn: string, page: PageRequest) {
    return this.read((db) => catalog.selectAliases(db, machineArn, page));
  }
  deleteAlias(arn: string) {
    return this.tx((db) => catalog.removeAlias(db, arn));
  }
  listTags(arn: string) {
    return this.read((db) => catalog.selectTags(db, arn));
  }
  tagResource(arn: string, tags: Tag[]) {
    return this.tx((db) => {
      catalog.setTags(db, arn, tags);
    });
  }
  untagResource(arn: string, keys: string[]) {
    return this.tx((db) => {
      catalog.removeTags(db, arn, keys);
    });
  }
  createActivity(activity: ActivityRecord, tags: Tag[] = []) {
    return this.tx((db) => catalog.insertActivity(db, activity, tags));
  }
  getActivity(arn: string) {
    return this.read((db) => catalog.selectActivity(db, arn));
  }
  listActivities(page: PageRequest, arnPrefix = '') {
    return this.read((db) => catalog.selectActivities(db, page, arnPrefix));
  }
  deleteActivity(arn: string) {
    return this.tx((db) => catalog.removeActivity(db, arn));
  }
  createExecution(execution: ExecutionRecord, first: Pick<StepCommit, 'events' | 'addWork' | 'addTokens'>) {
    return this.tx((db) => executions.insertExecution(db, execution, first));
  }
  getExecution(arn: string, read?: ExecutionRead) {
    return this.read((db) => executions.selectExecution(db, arn, read));
  }
  readStateParts(arn: string, prefix: string) {
    return this.read((db) => executions.selectStateParts(db, arn, prefix));
  }
  listExecutions(filter: ExecutionFilter, page: PageRequest) {
    return this.read((db) => executions.selectExecutions(db, filter, page));
  }
  commitStep(commit: StepCommit) {
    return this.tx((db) => executions.commit(db, commit));
  }
  deleteExecution(arn: string) {
    return this.tx((db) => executions.removeExecution(db, arn));
  }
  expireExecutions(closedBefore: number, limit: number) {
    return this.tx((db) => executions.expireExecutions(db, closedBefore, limit));
  }
  getHistory(arn: string, request: HistoryRequest) {
    return this.read((db) => executions.selectHistory(db, arn, request));
  }
  claimWork(request: ClaimRequest) {
    return this.tx((db) => work.claim(db, request));
  }
  renewLeases(owner: string, ids: string[], leaseUntil: number) {
    return this.tx((db) => work.renew(db, owner, ids, leaseUntil));
  }
  releaseWork(owner: string, ids: string[]) {
    return this.tx((db) => {
      work.release(db, owner, ids);
    });
  }
  markWork(owner: string, id: string, started: boolean) {
    return this.tx((db) => work.mark(db, owner, id, started));
  }
  nextWakeTime() {
    return this.read((db) => work.wakeTime(db));
  }
  /** /metrics' gauges (store-gauges.ts). */
  gauges(now: number) {
    return this.read((db) => selectGauges(db, now));
  }
  listWork(arn: string) {
    return this.read((db) => work.selectWork(db, arn));
  }
  getTaskToken(token: string) {
    return this.read((db) => work.selectToken(db, token));
  }
  listActivityTasks(activityArn: string, limit: number) {
    return this.read((db) => work.openActivityTasks(db, activityArn, limit));
  }

  // ----- ExecutionMinutesStore (migration 0019) -----

  addMinuteCounts(counts: readonly MinuteCount[]) {
    return this.tx((db) => {
      minutes.addMinuteCounts(db, counts);
    });
  }
  minuteCounts(stateMachineArn: string, fromMinute: number, toMinute: number) {
    return this.read((db) => minutes.selectMinuteCounts(db, stateMachineArn, fromMinute, toMinute));
  }
  pruneMinuteCounts(beforeMinute: number) {
    return this.tx((db) => {
      minutes.deleteMinuteCounts(db, beforeMinute);
    });
  }

  // ----- LogStore (migration 0006) -----

  createLogGroup(group: { name: string; creationTime: number; retentionInDays?: number }) {
    return this.tx((db) => logs.insertLogGroup(db, group));
  }
  getLogGroup(name: string) {
    return this.read((db) => logs.selectLogGroup(db, name));
  }
  listLogGroups(query: { prefix?: string; limit: number; nextToken?: string }) {
    return this.read((db) => logs.selectLogGroups(db, query));
  }
  deleteLogGroup(name: string) {
    return this.tx((db) => logs.deleteLogGroup(db, name));
  }
  setRetention(name: string, days: number | undefined) {
    return this.tx((db) => logs.updateRetention(db, name, days));
  }
  createLogStream(groupName: string, streamName: string, creationTime: number) {
    return this.tx((db) => logs.insertLogStream(db, groupName, streamName, creationTime));
  }
  listLogStreams(groupName: string, query: LogStreamQuery) {
    return this.read((db) => logs.selectLogStreams(db, groupName, query));
  }
  putLogEvents(batches: LogBatch[], ingestionTime: number) {
    return this.tx((db) => logs.insertLogEvents(db, batches, ingestionTime));
  }
  queryLogEvents(groupName: string, query: LogEventQuery) {
    return this.read((db) => logs.selectLogEvents(db, groupName, query));
  }
  enforceRetention(now: number) {
    return this.tx((db) => logs.deleteExpiredEvents(db, now));
  }

  // ----- MapRunStore (migration 0013) -----

  createMapRun(run: Omit<MapRunRecord, 'counts'>, inputs: readonly JsonValue[]) {
    return this.tx((db) => mapRuns.insertMapRun(db, run, inputs));
  }
  getMapRun(arn: string) {
    return this.read((db) => mapRuns.selectMapRun(db, arn));
  }
  listMapRuns(executionArn: string, page: PageRequest) {
    return this.read((db) => mapRuns.selectMapRuns(db, executionArn, page));
  }
  updateMapRun(arn: string, patch: MapRunPatch) {
    return this.tx((db) => mapRuns.updateMapRun(db, arn, patch));
  }
  takeChildren(arn: string, limit: number, executionArnFor: (index: number) => string) {
    return this.tx((db) => mapRuns.takeChildren(db, arn, limit, executionArnFor));
  }
  childrenStarted(arn: string, indices: readonly number[], consumes?: MapRunConsumes) {
    return this.tx((db) => mapRuns.markStarted(db, arn, indices, consumes));
  }
  childEnded(arn: string, end: MapRunChildEnd) {
    return this.tx((db) => mapRuns.recordChildEnd(db, arn, end));
  }
  childrenEnded(arn: string, ends: readonly MapRunChildEnd[]) {
    return this.tx((db) => mapRuns.recordChildEnds(db, arn, ends));
  }
  redriveMapRun(arn: string, redriveCount: number, redriveDate: number) {
    return this.tx((db) => mapRuns.redriveMapRun(db, arn, redriveCount, redriveDate));
  }
  requeueChildren(arn: string) {
    return this.tx((db) => {
      mapRuns.requeueChildren(db, arn);
    });
  }
  endMapRun(
    arn: string,
    status: Exclude<MapRunStatus, 'RUNNING'>,
    stopDate: number,
    work: { addWork: WorkItem[]; consumes?: MapRunConsumes },
  ) {
    return this.tx((db) => mapRuns.endMapRun(db, arn, status, stopDate, work));
  }
  mapRunResults(arn: string) {
    return this.read((db) => mapRuns.selectResults(db, arn));
  }
  runningChildren(arn: string) {
    return this.read((db) => mapRuns.selectRunningChildren(db, arn));
  }
  mapRunItems(arn: string, after: number, limit: number) {
    return this.read((db) => mapRuns.selectItemPage(db, arn, after, limit));
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.flush();
      this.closed = true;
      this.db.raw.close();
      this.lock?.release();
    }
    return Promise.resolve();
  }
}
