// The durable executor: drives core's step() against a Store with a transactional outbox. Each step's
// state, history events and work (timers, task calls) commit in one transaction; the work is then
// performed by claiming it with a lease, and each result is fed back as the next step, consuming its
// work item in the same transaction, so a crash anywhere repeats an effect at most, never a transition.

import { randomUUID } from 'node:crypto';
import {
  isRedrivable,
  notRedrivableReason,
  newExecutionState,
  StatesErrors,
  step,
  type EngineContext,
  type EngineInput,
  type HistoryEvent,
  type EvaluationServices,
  type ExecutionState,
  type StepResult,
} from '@stepwise/core';
import type {
  ClaimedWork,
  CommitResult,
  ExecutionRecord,
  StateMachineType,
  StepCommit,
  Store,
  WorkItem,
} from '../store/store.ts';
import { LocalSignals, type Signal, type Signals } from '../store/signals.ts';
import { StorageFault } from '../store/storage-fault.ts';
import { ActivityTasks, type ActivityTask } from './activity-tasks.ts';
import {
  brokenCause,
  CrashBreaker,
  crashedCause,
  executionToStop,
  maxWorkCrashes,
  RecoveryLane,
} from './crash-breaker.ts';
import { firstReports, reportToParent, syncChildTasks } from './child-executions.ts';
import type { Clock } from './clock.ts';
import { RuntimeError } from './errors.ts';
import { executionInfo, newExecutionRecord, withState, type ExecutionStart } from './execution-start.ts';
import { jobTasks, JobPolls, stopJobs, type JobPerformer, type StartedJob } from './job-polls.ts';
import { KeyedLock } from './keyed-lock.ts';
import { MapRunDriver, reportToMapRun } from './map-run-driver.ts';
import { keepsMapRuns } from '../store/map-run-store.ts';
import { MachineCache } from './machines.ts';
import { MachineDeletion } from './machine-deletion.ts';
import { nodeServices } from './services.ts';
import { answerTask, type TaskAnswer } from './task-callbacks.ts';
import { TaskRunner, type TaskPerformer } from './task-runner.ts';
import { workChanges } from './work-changes.ts';
import { defaultCacheBytes, ExecutionCache, type CachedExecution } from './execution-cache.ts';
import { trackThreads } from './thread-tracker.ts';
import { stateChanges, unchangedState, wholeState, type StateShadow } from '../store/state-changes.ts';
import { readFromParts } from '../store/state-parts.ts';
import { fillSnapshots, mapResultsReader, releasesResults } from './map-results.ts';
import type { Applied, ApplyOptions, StepHost } from './step-host.ts';

export interface RuntimeOptions {
  store: Store;
  tasks: TaskPerformer;
  clock: Clock;
  /** STANDARD (durable) or EXPRESS (a memory store, finished executions forgotten). */
  type?: StateMachineType;
  services?: EvaluationServices;
  /** This process's name in work leases; unique per run. */
  nodeId?: string;
  leaseMillis?: number;
  /**
   * Process deaths during one work item after which its execution is stopped (the crash-loop breaker; 3 by
   * default). A test that kills nodes at random, whatever they perform, raises it: there the work is not the cause.
   */
  maxWorkCrashes?: number;
  batchSize?: number;
  /** Delete executions from the store once they end (Express keeps nothing). */
  forgetFinished?: boolean;
  /** Called after an execution ends. */
  onExecutionEnd?: (record: ExecutionRecord) => void;
  /**
   * Told of every step's history events once they are committed, with the execution as the step left it
   * (execution logs, metrics): it must not throw, and what it does must not hold the step up.
   */
  onCommitted?: (record: ExecutionRecord, events: readonly HistoryEvent[]) => void;
  /** How long GetActivityTask waits for a task before answering with none (AWS: 60 s). */
  activityPollMillis?: number;
  /**
   * Told of a work item that could not be performed (its lease runs out and it is performed again):
   * never the process's end, since one execution's trouble must not stop the others.
   */
  onWorkError?: (error: unknown, item: ClaimedWork) => void;
  /** Wake-up hints shared with the other nodes on the store (in-process by default). */
  signals?: Signals;
  /** Told when a scheduler turn failed (the database unreachable): it tries again a second later. */
  onSchedulerError?: (error: unknown) => void;
  /** Multiplies the time Waits and Retry back-offs wait (`serve --time-scale`); default 1. Job polls too. */
  waitTimeScale?: number;
  /** The quota on an execution's history events (AWS's 25,000 when absent). */
  maxHistoryEvents?: number;
  /**
   * The estimated bytes of running executions' states kept between steps (execution-cache.ts); default
   * 64 MiB, 0 for none.
   */
  cacheBytes?: number;
  /** Describes and stops the jobs of `.sync` tasks (Batch, Glue, SageMaker); without it their polls fail the task. */
  jobs?: JobPerformer;
}

const maxConflicts = 100;
/** How long a work item its storage refused waits before it is claimed again. */
const storageRetryMillis = 1_000;
/** Work items performed at once by the scheduler (see schedule()). */
const maxInFlight = 1024;

export class Runtime implements StepHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly nodeId: string;
  private readonly machines: MachineCache;
  readonly services: EvaluationServices;
  private readonly locks = new KeyedLock();
  private readonly leaseMillis: number;
  private readonly batchSize: number;
  private readonly waiters = new Map<string, ((record: ExecutionRecord) => void)[]>();
  private readonly handlers = new Set<Promise<void>>();
  private readonly breaker = new CrashBreaker();
  private readonly recovery = new RecoveryLane();
  /** The states of executions this node steps, so that a step does not read its whole state again. */
  private readonly cache: ExecutionCache;
  private readonly taskRunner: TaskRunner;
  private readonly jobPolls: JobPolls;
  /** Distributed Map runs; undefined when the store keeps none. */
  private readonly mapRuns: MapRunDriver | undefined;
  /** GetActivityTask's long polls, woken when a step gives an activity a new task. */
  readonly activityTasks: ActivityTasks;
  /** Machines being deleted: their executions fail at their next transition (machine-deletion.ts). */
  readonly deletion: MachineDeletion;
  private wakeController = new AbortController();
  /** Aborted when a handler finishes while the scheduler waits for room (see schedule()). */
  private roomController: AbortController | undefined;
  private renewLeasesAt = 0;
  private loop: Promise<void> | undefined;
  private closing = false;
  /** Wake-up hints of this node and the others: the console's live stream listens for executions changed. */
  readonly signals: Signals;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: RuntimeOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.nodeId = options.nodeId ?? randomUUID();
    this.machines = new MachineCache(options.type ?? 'STANDARD');
    this.services = options.services ?? nodeServices;
    this.leaseMillis = options.leaseMillis ?? 60_000;
    this.batchSize = options.batchSize ?? 32;
    this.taskRunner = new TaskRunner(this, options.tasks);
    this.cache = new ExecutionCache(options.cacheBytes ?? defaultCacheBytes);
    this.jobPolls = new JobPolls(this, options.jobs, options.waitTimeScale ?? 1);
    const store = options.store;
    this.mapRuns = keepsMapRuns(store)
      ? new MapRunDriver({
          store,
          clock: options.clock,
          services: this.services,
          startExecution: (start) => this.startExecution(start),
          redriveExecution: (arn) => this.redriveExecution(arn),
          noteNewWork: (added) => {
            this.noteNewWork(added);
          },
          tasks: options.tasks,
          waitTimeScale: options.waitTimeScale ?? 1,
          closing: () => this.closing,
          leaseMillis: this.leaseMillis,
          keepClaim: async (workId) =>
            (await store.renewLeases(this.nodeId, [workId], this.clock.now() + this.leaseMillis)).length > 0,
          releaseClaim: (workId) => store.releaseWork(this.nodeId, [workId]),
        })
      : undefined;
    this.activityTasks = new ActivityTasks(this, options.activityPollMillis ?? 60_000);
    this.deletion = new MachineDeletion(store);
    this.signals = options.signals ?? new LocalSignals();
    this.unsubscribe = this.signals.subscribe((signal) => {
      this.signalled(signal);
    });
  }

  /** News from this node or another: an activity's polls look again, the scheduler wakes. */
  private signalled(signal: Signal): void {
    // An execution changed: news for the console's live stream, not for the scheduler.
    if (signal.kind === 'execution') return;
    if (signal.kind === 'activity') {
      this.activityTasks.notify([signal.activityArn]);
      return;
    }
    // Aborting builds a DOMException each time, even when already aborted: once per wake-up is enough.
    if (this.loop !== undefined && !this.wakeController.signal.aborted) this.wakeController.abort();
  }

  /** Tells the polls of these activities, on every node, that each has a new task. */
  private notifyActivities(activityArns: readonly string[]): void {
    for (const activityArn of activityArns) this.signals.publish({ kind: 'activity', activityArn });
  }

  /**
   * Persists a new execution with its first step. When one with the same ARN exists, nothing is
   * written and it is returned with `created: false` (the caller compares inputs).
   */
  async startExecution(start: ExecutionStart): Promise<{ created: boolean; execution: ExecutionRecord }> {
    // No read first: a start is rarely a repeat, and createExecution finds the existing one in its transaction.
    const machine = this.machines.get(start.definition);
    const info = executionInfo(start);
    const state = newExecutionState(info, start.input, start.startDate);
    const ctx = this.context(start.startDate);
    const result = await step(machine, state, { type: 'StartExecution', input: start.input, execution: info }, ctx);
    const changes = workChanges(start.arn, result.commands, start.startDate, this.options.waitTimeScale);
    const record = newExecutionRecord(start, result.state);
    const addWork = [
      ...changes.add,
      ...firstReports(record, start.parentSubmission, start.startDate),
      ...[start.mapRunCountsFirstEnd === true ? undefined : reportToMapRun(record, start.startDate)].filter(
        (item) => item !== undefined,
      ),
    ];
    const first = { events: result.events, addWork, addTokens: changes.addTokens };
    const created = await this.store.createExecution(record, first);
    if (!created.created) return { created: false, execution: created.existing };
    this.options.onCommitted?.(record, result.events);
    this.notifyActivities(changes.activities);
    await this.committed(record, addWork);
    return { created: true, execution: record };
  }

  /** Stops a running execution (ExecutionAborted); an execution already ended is returned as it is. */
  async stopExecution(arn: string, details: { error?: string; cause?: string }): Promise<ExecutionRecord> {
    const input: EngineInput = { type: 'StopExecution', ...details };
    const applied = await this.apply(arn, (state) => (state.status === 'RUNNING' ? input : undefined));
    if (applied === undefined) throw notFound(arn);
    return applied.record;
  }

  /**
   * Redrives a FAILED, TIMED_OUT or ABORTED execution from where it failed (core's redrive.ts does the
   * work); the step commits only if it redrove the execution.
   */
  async redriveExecution(arn: string): Promise<ExecutionRecord> {
    const now = this.clock.now();
    const input: EngineInput = { type: 'RedriveExecution', redriveTime: now };
    const applied = await this.apply(arn, (state) => (isRedrivable(state, now) ? input : undefined), {
      redriveDate: now,
      // Redriven, even when the state it re-entered failed again in the same step (a Fail state): DescribeExecution
      // called it REDRIVABLE, and AWS has the two agree.
      accept: (result) => result.events.some((event) => event.type === 'ExecutionRedriven'),
    });
    if (applied === undefined) throw notFound(arn);
    if (!applied.stepped) {
      const reason = notRedrivableReason(applied.record.state, now) ?? 'Execution cannot be redriven';
      throw new RuntimeError('ExecutionNotRedrivable', reason);
    }
    return applied.record;
  }

  /**
   * Applies `inputFor(state)` to an execution as one committed step, retrying on a concurrent commit.
   * Undefined when the execution does not exist or the consumed work item was already applied.
   */
  apply(
    arn: string,
    inputFor: (state: ExecutionState) => EngineInput | undefined,
    options: ApplyOptions = {},
  ): Promise<Applied | undefined> {
    return this.locks.run(arn, async () => {
      for (let attempt = 0; attempt < maxConflicts; attempt++) {
        // The cache serves the work this node claimed; a call from the API, or a retry, reads the store.
        const cached = this.cached(arn, attempt === 0 && options.consumes !== undefined);
        const record = cached?.record ?? (await this.store.getExecution(arn));
        if (record === undefined) return undefined;
        const asked = inputFor(record.state);
        const input = asked === undefined ? undefined : this.deletion.inputFor(record, asked);
        if (input === undefined) {
          if (cached !== undefined) this.cache.put(cached);
          // Nothing to step, but the work item is spent (e.g. a timer of an ended execution).
          if (options.consumes !== undefined) await this.transferLocked(arn, options.consumes, [], options.claim);
          return { record, stepped: false };
        }
        const shadow = cached?.shadow ?? storedShadow(record.state, releasesResults(this.store));
        const outcome = await this.stepAndCommit(record, shadow, input, options);
        // Consumed or fenced: another node applied this item or holds its claim now, and it alone steps it.
        if (outcome === 'consumed' || outcome === 'fenced') return undefined;
        if (outcome === 'conflict') {
          await conflictPause(attempt);
          continue;
        }
        return outcome;
      }
      throw new Error(`execution ${arn}: ${maxConflicts} concurrent commits in a row`);
    });
  }

  /** The execution's cached entry, taken out of the cache (and none when `use` is false: it is dropped). */
  private cached(arn: string, use: boolean): CachedExecution | undefined {
    const cached = this.cache.take(arn);
    return use ? cached : undefined;
  }

  /**
   * One step of `record` and its commit: only the rows of the threads the step touched when the store's
   * copy is known (`shadow`), the whole state otherwise. The committed execution goes into the cache.
   */
  private async stepAndCommit(
    record: ExecutionRecord,
    shadow: StateShadow | undefined,
    input: EngineInput,
    options: ApplyOptions,
  ): Promise<Applied | Exclude<CommitResult, 'committed'>> {
    const arn = record.arn;
    const now = this.clock.now();
    // Read before the step, which updates the state in place.
    const syncChildren = syncChildTasks(record.state);
    const jobs = jobTasks(record.state);
    const { result, touched } = await this.trackedStep(record, input, now);
    if (options.accept !== undefined && !options.accept(result)) return { record, stepped: false };
    const release = releasesResults(this.store);
    if (release) await fillSnapshots(this.store, arn, result.state, touched);
    const written =
      shadow === undefined
        ? wholeState(result.state, release)
        : { parts: stateChanges(result.state, shadow, touched, release), shadow };
    const changes = workChanges(arn, result.commands, now, this.options.waitTimeScale);
    const updated = withState({ ...record, version: record.version + 1 }, result.state);
    if (options.redriveDate !== undefined) updated.redriveDate = options.redriveDate;
    const stops = await stopJobs(
      this.store,
      arn,
      changes.cancelledTaskIds.filter((id) => jobs.has(id)),
      now,
    );
    const addWork = [
      ...changes.add,
      ...(options.addWork ?? []),
      ...stops.add,
      ...[reportToParent(updated, now), reportToMapRun(updated, now)].filter((item) => item !== undefined),
    ];
    const commit: StepCommit = {
      executionArn: arn,
      expectedVersion: record.version,
      state: result.state,
      parts: written.parts,
      events: result.events,
      addWork,
      removeWork: [...changes.remove, ...stops.remove],
      addTokens: changes.addTokens,
      closeTokens: [...(options.closeTokens ?? []), ...changes.closeTokens],
    };
    // Listed by the store inside the commit, so a child committed meanwhile (on any node) is stopped too.
    const stopped = changes.cancelledTaskIds.filter((id) => syncChildren.has(id));
    if (stopped.length > 0) commit.stopChildren = { taskIds: stopped, dueTime: now };
    if (options.consumes !== undefined) commit.consumes = options.consumes;
    if (options.claim !== undefined) commit.claim = options.claim;
    if (options.redriveDate !== undefined) commit.redriveDate = options.redriveDate;
    if (options.claimsToken !== undefined) commit.claimsToken = options.claimsToken;
    const outcome = await this.store.commitStep(commit);
    if (outcome !== 'committed') return outcome;
    this.cache.put({ record: updated, shadow: written.shadow });
    this.options.onCommitted?.(updated, result.events);
    this.taskRunner.cancel(changes.cancelledTasks);
    this.notifyActivities(changes.activities);
    await this.committed(updated, addWork);
    return { record: updated, stepped: true };
  }

  /** step() on the record's state, noting the threads it touches (thread-tracker.ts). */
  private async trackedStep(
    record: ExecutionRecord,
    input: EngineInput,
    now: number,
  ): Promise<{ result: StepResult; touched: ReadonlySet<string> | 'all' }> {
    const tracker = trackThreads(record.state);
    try {
      const context = this.context(now, record.arn);
      const result = await step(this.machines.get(record.definition), record.state, input, context);
      return { result, touched: tracker.finish() };
    } catch (error) {
      tracker.finish();
      throw error;
    }
  }

  /**
   * Consumes a work item and adds others without stepping (a task's answer moved later on the clock,
   * a callback task handed over). False when the item was already consumed.
   */
  transfer(arn: string, consumes: string, addWork: WorkItem[], claim?: StepCommit['claim']): Promise<boolean> {
    // Under the execution's lock, as steps are: a thousand task answers of one execution arriving together
    // otherwise moved its version under every step, which then lost 100 commits in a row.
    return this.locks.run(arn, () => this.transferLocked(arn, consumes, addWork, claim));
  }

  /** transfer() for a caller that holds the execution's lock already. */
  private async transferLocked(
    arn: string,
    consumes: string,
    addWork: WorkItem[],
    claim: StepCommit['claim'],
  ): Promise<boolean> {
    for (let attempt = 0; attempt < maxConflicts; attempt++) {
      const cached = this.cached(arn, attempt === 0);
      const record = cached?.record ?? (await this.store.getExecution(arn));
      if (record === undefined) return false;
      // The state is unchanged: only its head is written again, unless the store's copy is not known.
      const release = releasesResults(this.store);
      const shadow = cached?.shadow ?? storedShadow(record.state, release);
      const written =
        shadow === undefined ? wholeState(record.state, release) : { parts: unchangedState(shadow), shadow };
      const commit: StepCommit = {
        executionArn: arn,
        expectedVersion: record.version,
        state: record.state,
        parts: written.parts,
        events: [],
        consumes,
        addWork,
      };
      if (claim !== undefined) commit.claim = claim;
      const outcome = await this.store.commitStep(commit);
      if (outcome !== 'conflict') {
        if (outcome === 'committed') {
          this.cache.put({ record: { ...record, version: record.version + 1 }, shadow: written.shadow });
          this.noteNewWork(addWork);
        }
        return outcome === 'committed';
      }
      await conflictPause(attempt);
    }
    throw new Error(`execution ${arn}: ${maxConflicts} concurrent commits in a row`);
  }

  /** A `.sync` task started its job: see job-polls.ts. */
  jobStarted(started: StartedJob): Promise<void> {
    return this.jobPolls.started(started);
  }

  /** UpdateMapRun changed a run's settings: start the children it now has room for, or decide it. */
  async mapRunUpdated(mapRunArn: string): Promise<void> {
    await this.mapRuns?.updated(mapRunArn);
  }

  /** SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat: see task-callbacks.ts for AWS's refusals. */
  answerTask(token: string, answer: TaskAnswer): Promise<void> {
    return answerTask(this, token, answer);
  }

  /** GetActivityTask: a task for the worker, or undefined after the long poll (or when `signal` ends it). */
  getActivityTask(activityArn: string, workerName?: string, signal?: AbortSignal): Promise<ActivityTask | undefined> {
    return this.activityTasks.poll(activityArn, workerName, signal);
  }

  /** Resolves when the execution ends (immediately if it already has). */
  async whenEnded(arn: string): Promise<ExecutionRecord> {
    const ended = new Promise<ExecutionRecord>((resolve) => {
      this.waiters.set(arn, [...(this.waiters.get(arn) ?? []), resolve]);
    });
    const record = await this.store.getExecution(arn);
    if (record !== undefined && record.status !== 'RUNNING') this.resolveWaiters(record);
    return ended;
  }

  /**
   * Performs all work due now, each item to its end, in due order, until none is left: the
   * deterministic driver for a manual clock (tests, conformance). The server uses start() instead.
   */
  async runDue(): Promise<number> {
    let handled = 0;
    for (;;) {
      const items = await this.claim();
      if (items.length === 0) return handled;
      for (const item of items) await this.handle(item);
      handled += items.length;
    }
  }

  /** Starts the scheduler: claims due work as it falls due and performs it concurrently. */
  start(): void {
    this.loop ??= this.schedule();
  }

  /**
   * Graceful shutdown: stops claiming, aborts task calls in progress (their work is released, to be
   * performed again on the next start) and waits until every handler has finished its transaction.
   * The store stays open: its owner closes it.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.unsubscribe();
    this.activityTasks.close();
    this.taskRunner.abortAll();
    this.wakeController.abort();
    this.roomController?.abort();
    await this.loop;
    while (this.handlers.size > 0) await Promise.all(this.handlers);
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** Work items this node has claimed and holds under lease (being performed or waiting for room). */
  get workInFlight(): number {
    return this.handlers.size;
  }

  /** The execution cache's estimated bytes held and its budget (`serve --cache-mib`), for /metrics. */
  get cacheUse(): { bytes: number; budget: number } {
    return { bytes: this.cache.bytes, budget: this.cache.budget };
  }

  private async schedule(): Promise<void> {
    while (!this.closing) {
      try {
        await this.scheduleTurn();
      } catch (error) {
        // The store failed (a PostgreSQL node lost its database): the process lives on and tries again.
        this.options.onSchedulerError?.(error);
        await this.clock.sleepUntil(this.clock.now() + 1_000, this.wakeController.signal);
      }
      if (this.wakeController.signal.aborted) this.wakeController = new AbortController();
    }
  }

  /** Claims and starts what is due, then sleeps until more may be. */
  private async scheduleTurn(): Promise<void> {
    for (const item of await this.claim()) this.track(this.handle(item), item);
    // Claimed work waits in memory (a task call behind the function limit): past this many, let some
    // finish first and leave the rest in the store, so that a burst cannot grow the heap without bound.
    // (Not Promise.race over the handlers: each race left a reaction on every pending handler, about a
    // million of them with a thousand in flight; with 100,000 parked the RSS was 329 MiB, now under 200.)
    // isClosing, not closing: close() may set it during the awaits, which the compiler cannot see.
    while (this.handlers.size >= maxInFlight && !this.isClosing) {
      const room = new AbortController();
      this.roomController = room;
      await this.clock.sleepUntil(this.clock.now() + this.leaseMillis / 3, room.signal);
      this.roomController = undefined;
      await this.renewLeases();
    }
    await this.renewLeases();
    await this.deletion.refresh(this.clock.now());
    const next = await this.store.nextWakeTime();
    const now = this.clock.now();
    const wake = Math.min(next ?? Number.POSITIVE_INFINITY, now + this.leaseMillis / 3);
    if (wake > now) await this.clock.sleepUntil(wake, this.wakeController.signal);
  }

  /**
   * Keeps the leases of the work in progress alive: every third of a lease is enough (the scheduler wakes
   * at least that often), and renewing them on every turn cost an UPDATE per item in flight.
   */
  private async renewLeases(): Promise<void> {
    const now = this.clock.now();
    if (now < this.renewLeasesAt) return;
    this.renewLeasesAt = now + this.leaseMillis / 3;
    await this.taskRunner.renewLeases(now + this.leaseMillis);
    if (this.recovery.held.size > 0)
      await this.store.renewLeases(this.nodeId, [...this.recovery.held], now + this.leaseMillis);
  }

  /** The engine's view of the world for one step of execution `arn` at `now`. */
  private context(now: number, arn?: string): EngineContext {
    const context: EngineContext = {
      now: () => now,
      services: this.services,
      activityExists: async (activityArn) => (await this.store.getActivity(activityArn)) !== undefined,
    };
    // A new execution's first step has nothing stored to read back.
    if (arn !== undefined && releasesResults(this.store)) context.mapParts = mapResultsReader(this.store, arn);
    if (this.options.maxHistoryEvents !== undefined) context.maxHistoryEvents = this.options.maxHistoryEvents;
    return context;
  }

  private claim(): Promise<ClaimedWork[]> {
    if (this.closing) return Promise.resolve([]);
    const now = this.clock.now();
    return this.store.claimWork({
      owner: this.nodeId,
      now,
      leaseUntil: now + this.leaseMillis,
      limit: this.batchSize,
    });
  }

  /** Work claimed before (see RecoveryLane) goes through the recovery lane; first claims run at once. */
  private handle(item: ClaimedWork): Promise<void> {
    if (item.attempts <= 1) return this.perform(item);
    return this.recovery.run(item.id, () => this.performMarked(item));
  }

  /** Stops the execution if the process died in this work too often, else performs it under a start mark. */
  private async performMarked(item: ClaimedWork): Promise<void> {
    if (item.crashes >= (this.options.maxWorkCrashes ?? maxWorkCrashes)) {
      await this.stopBroken(item, crashedCause(item));
      return;
    }
    // Another node took the item over (our lease ran out): it is theirs to perform.
    if (!(await this.store.markWork(this.nodeId, item.id, true))) return;
    try {
      await this.perform(item);
    } catch (error) {
      // A step that threw is the in-memory breaker's to count (track()), not a crash: unmark it.
      await this.store.markWork(this.nodeId, item.id, false).catch(() => undefined);
      throw error;
    }
  }

  private async perform(item: ClaimedWork): Promise<void> {
    switch (item.kind) {
      case 'timer': {
        const input: EngineInput = { type: 'TimerFired', timerId: item.timerId };
        await this.apply(item.executionArn, (state) => (state.status === 'RUNNING' ? input : undefined), {
          consumes: item.id,
          claim: claimOf(item),
        });
        return;
      }
      case 'input':
        await this.apply(item.executionArn, () => item.input, { consumes: item.id, claim: claimOf(item) });
        return;
      case 'task':
        await this.taskRunner.perform(item);
        return;
      case 'job':
        await this.jobPolls.perform(item);
        return;
      case 'mapRun':
        if (this.mapRuns === undefined)
          throw new Error('this store keeps no map runs: StartMapRun cannot be performed');
        await this.mapRuns.perform(item);
        return;
    }
  }

  private track(handler: Promise<void>, item: ClaimedWork): void {
    this.handlers.add(handler);
    void handler
      .then(
        () => {
          this.breaker.succeeded(item.id);
        },
        async (error: unknown) => {
          this.options.onWorkError?.(error, item);
          // A full disk or a lost database is no fault of the execution: not charged to it, and tried again
          // soon, so work resumes once the storage is back rather than when the lease runs out.
          if (error instanceof StorageFault) {
            this.retrySoon(item);
            return;
          }
          // The item keeps its lease until it runs out, then it is claimed and performed again, until the
          // breaker stops its execution.
          if (this.breaker.failed(item.id)) await this.stopBroken(item, brokenCause(error));
        },
      )
      .finally(() => {
        this.handlers.delete(handler);
        if (this.roomController?.signal.aborted === false) this.roomController.abort();
      });
  }

  /** Releases the claim of an item its storage refused, a second later (left to its lease if that fails too). */
  private retrySoon(item: ClaimedWork): void {
    setTimeout(() => {
      if (this.closing) return;
      this.store.releaseWork(this.nodeId, [item.id]).then(
        () => {
          this.noteNewWork([item]);
        },
        () => undefined,
      );
    }, storageRetryMillis).unref();
  }

  /** Stops the execution of a work item that failed or crashed too often, consuming the item (crash-breaker.ts). */
  private async stopBroken(item: ClaimedWork, cause: string): Promise<void> {
    const input: EngineInput = { type: 'StopExecution', error: StatesErrors.Runtime, cause };
    try {
      const arn = await executionToStop(this.store, item);
      // A map run's item names the run, not an execution: stopping "it" consumed nothing, and the item was
      // claimed and found broken again forever. Its parent is stopped; without one, the item is dropped.
      const stop = (state: ExecutionState) => (state.status === 'RUNNING' ? input : undefined);
      const applied = arn === undefined ? undefined : await this.apply(arn, stop, { consumes: item.id });
      if (applied === undefined && item.kind === 'mapRun' && keepsMapRuns(this.store))
        await this.store.childrenStarted(item.executionArn, [], item.id);
    } catch (stopError) {
      // Left to its lease: the next failure tries again.
      this.options.onWorkError?.(stopError, item);
    }
  }

  private async committed(record: ExecutionRecord, added: WorkItem[]): Promise<void> {
    this.noteNewWork(added);
    this.signals.publish({ kind: 'execution', executionArn: record.arn, stateMachineArn: record.stateMachineArn });
    if (record.status === 'RUNNING') return;
    if (this.options.forgetFinished === true) await this.store.deleteExecution(record.arn);
    // The step is committed: a failure to remove a deleted machine now is left to the next refresh.
    await this.deletion.ended(record).catch(() => undefined);
    this.options.onExecutionEnd?.(record);
    this.resolveWaiters(record);
  }

  /** New work may be due before the scheduler's next wake-up: wake it to look again. */
  private noteNewWork(added: readonly WorkItem[]): void {
    if (added.length > 0) this.signals.publish({ kind: 'work' });
  }

  private resolveWaiters(record: ExecutionRecord): void {
    const waiters = this.waiters.get(record.arn) ?? [];
    this.waiters.delete(record.arn);
    for (const resolve of waiters) resolve(record);
  }
}

/** The claim a work item was performed under, which its step's commit checks (the fencing token). */
export function claimOf(item: ClaimedWork): NonNullable<StepCommit['claim']> {
  return { owner: item.leaseOwner, attempts: item.attempts };
}

/**
 * After a lost race with another node's commit: none the first time (in-process steps queue on the lock,
 * so a conflict is another node's), then a few random milliseconds, so two nodes stepping one execution
 * stop meeting instead of retrying in lockstep.
 */
function conflictPause(attempt: number): Promise<void> {
  if (attempt === 0) return Promise.resolve();
  const millis = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, millis));
}

/**
 * What the store holds of a state just read from it, when it holds it in parts (see readFromParts); with
 * `release`, the state's Map results, stored, are left in the store only (see map-results.ts).
 */
function storedShadow(state: ExecutionState, release: boolean): StateShadow | undefined {
  return readFromParts(state) ? wholeState(state, release).shadow : undefined;
}

function notFound(arn: string): Error {
  return new RuntimeError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
}
