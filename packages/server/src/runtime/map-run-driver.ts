// A Distributed Map's run, driven outside its parent's state: the children are executions of their own,
// started as MaxConcurrency leaves room, counted in the map run's row as each ends, and the parent is
// stepped once, when the run is decided (MapRunEnded). Every action is a work item, and each is safe to
// perform twice (after a crash): the run and its children are created idempotently, an end is counted once.

import {
  mapRunChildExecutionArn,
  mapRunChildMachineArn,
  mapRunChildMachineName,
  mapRunToleranceExceeded,
  type EngineInput,
  type EvaluationServices,
  type MapRunOutcome,
} from '@stepwise/core';
import type {
  ConsumedWork,
  MapRunChildEnd,
  MapRunChildStart,
  MapRunRecord,
  MapRunStore,
} from '../store/map-run-store.ts';
import type { ClaimedWork, ExecutionRecord, MapRunAction, Store, WorkItem } from '../store/store.ts';
import type { Clock } from './clock.ts';
import type { ExecutionStart } from './execution-start.ts';
import { runExpressChildren } from './express-map-run.ts';
import { MachineCache } from './machines.ts';
import type { TaskPerformer } from './task-runner.ts';

/** Children created per store transaction while a run fills its concurrency. */
const startBatch = 100;

export interface MapRunHost {
  readonly store: Store & MapRunStore;
  readonly clock: Clock;
  readonly services: EvaluationServices;
  /** Creates a child (it takes its first step at once): the execution as it stands after that step. */
  startExecution(start: ExecutionStart): Promise<{ execution: ExecutionRecord }>;
  /** Redrives a child execution that failed (its map run is redriven). */
  redriveExecution(arn: string): Promise<unknown>;
  /** Work was added to the store behind the scheduler's back: look again. */
  noteNewWork(added: readonly WorkItem[]): void;
  /** What EXPRESS children, run in memory by the driver, call their tasks with. */
  readonly tasks: TaskPerformer;
  readonly waitTimeScale: number;
  /** Whether the node is shutting down. */
  closing(): boolean;
  /** How long a claim's lease lasts: an EXPRESS run's loop renews its own every third of it. */
  readonly leaseMillis: number;
  /** Renews this node's lease on a work item it performs for long (an EXPRESS run); false once lost. */
  keepClaim(workId: string): Promise<boolean>;
  /** Gives a claimed work item back, to be performed again at once (on shutdown). */
  releaseClaim(workId: string): Promise<void>;
}

/** The work item that tells a child's run it ended (committed with the child's last step). */
export function reportToMapRun(record: ExecutionRecord, now: number): WorkItem | undefined {
  const mapRunArn = record.mapRunArn;
  if (mapRunArn === undefined || record.status === 'RUNNING') return undefined;
  // The child's end travels with the report, so counting it reads nothing more.
  const end = endOf(record, record.status);
  const action: MapRunAction = { type: 'childEnded', mapRunArn, end };
  return { id: reportId(mapRunArn, record), executionArn: mapRunArn, kind: 'mapRun', dueTime: now, action };
}

/** The id of a child's end report; the redrive count makes a redriven child's second end a new report. */
function reportId(mapRunArn: string, record: ExecutionRecord): string {
  return `${mapRunArn}#ended#${record.arn}#${record.redriveCount}`;
}

/** The end a child reports (reportToMapRun's), once it is no longer RUNNING. */
function endOf(record: ExecutionRecord, status: MapRunChildEnd['status']): MapRunChildEnd {
  return {
    executionArn: record.arn,
    status,
    ...(record.output === undefined ? {} : { output: record.output }),
    ...(record.error === undefined ? {} : { error: record.error }),
    ...(record.cause === undefined ? {} : { cause: record.cause }),
  };
}

/** What one batch of starts did: the items started, and the children that ended in their first step. */
interface StartedBatch {
  indices: number[];
  /** Those of `indices` whose child runs on: the others' ends mark them started as they count them. */
  running: number[];
  ends: MapRunChildEnd[];
  /** The ends' reports (reportToMapRun's work items), consumed once the ends are counted. */
  reports: string[];
}

/** A run's starter on this node: whether it must look again, and the work items it is to consume. */
interface Starter {
  again: boolean;
  consumes: ConsumedWork[];
}

/** Whether a child's end asked the starter to look again (read anew after each await). */
function asked(starter: Starter): boolean {
  return starter.again || starter.consumes.length > 0;
}

export class MapRunDriver {
  private readonly expressMachines = new MachineCache('EXPRESS');
  /** The runs whose children this node is starting (see startChildren). */
  private readonly starters = new Map<string, Starter>();
  /**
   * The claims of the items being performed: each write that consumes one carries its claim, so a node whose
   * lease another node took over writes nothing (the store refuses it: fencing, as a step's commit).
   */
  private readonly claims = new Map<string, ConsumedWork['claim']>();

  constructor(private readonly host: MapRunHost) {}

  async perform(item: ClaimedWork & { kind: 'mapRun' }): Promise<void> {
    this.claims.set(item.id, { owner: item.leaseOwner, attempts: item.attempts });
    try {
      await this.performAction(item.id, item.action);
    } finally {
      this.claims.delete(item.id);
    }
  }

  private async performAction(workId: string, action: MapRunAction): Promise<void> {
    switch (action.type) {
      case 'start':
        await this.start(workId, action);
        return;
      case 'childEnded':
        await this.childEnded(workId, action.mapRunArn, action.end);
        return;
      case 'stop':
        await this.stop(workId, action.mapRunArn);
        return;
    }
  }

  /** The item `workId` with the claim it is performed under. */
  private consumed(workId: string): ConsumedWork {
    const claim = this.claims.get(workId);
    return claim === undefined ? { id: workId } : { id: workId, claim };
  }

  private async start(workId: string, action: Extract<MapRunAction, { type: 'start' }>): Promise<void> {
    const { spec } = action;
    const run: Omit<MapRunRecord, 'counts'> = {
      arn: spec.mapRunArn,
      executionArn: action.executionArn,
      stateMachineArn: mapRunChildMachineArn(spec.mapRunArn),
      status: 'RUNNING',
      definition: spec.definition,
      executionType: spec.executionType,
      roleArn: spec.roleArn,
      maxConcurrency: spec.maxConcurrency,
      startDate: action.startDate,
      redriveCount: 0,
    };
    if (spec.toleratedFailureCount !== undefined) run.toleratedFailureCount = spec.toleratedFailureCount;
    if (spec.toleratedFailurePercentage !== undefined) run.toleratedFailurePercentage = spec.toleratedFailurePercentage;
    if (spec.resultsStay === true) run.resultsStay = true;
    const created = await this.host.store.createMapRun(run, spec.inputs);
    // The parent's redrive redrives its run: the failed and unfinished children run again (once per count).
    if (!created && spec.redriveCount !== undefined)
      await this.host.store.redriveMapRun(spec.mapRunArn, spec.redriveCount, action.startDate);
    await this.decideNow(spec.mapRunArn, workId);
  }

  private async decideNow(mapRunArn: string, workId: string): Promise<void> {
    const run = await this.host.store.getMapRun(mapRunArn);
    if (run !== undefined) await this.decide(run, workId);
  }

  private async childEnded(workId: string, mapRunArn: string, end: MapRunChildEnd): Promise<void> {
    const run = await this.host.store.childEnded(mapRunArn, end);
    if (run === undefined) {
      await this.host.store.childrenStarted(mapRunArn, [], this.consumed(workId));
      return;
    }
    await this.decide(run, workId);
  }

  /** UpdateMapRun changed the run's settings: it may now be decided, or have room for more children. */
  async updated(mapRunArn: string): Promise<void> {
    const run = await this.host.store.getMapRun(mapRunArn);
    if (run !== undefined) await this.decide(run, undefined);
  }

  /** Ends the run when it is decided, else starts the children there is room for; consumes `workId`. */
  private async decide(run: MapRunRecord, workId: string | undefined): Promise<void> {
    if (run.status !== 'RUNNING') {
      if (workId !== undefined) await this.host.store.childrenStarted(run.arn, [], this.consumed(workId));
      return;
    }
    const verdict = verdictOf(run);
    if (verdict === 'FAILED') {
      await this.end(run, 'FAILED', workId, { status: 'FAILED' });
    } else if (verdict === 'SUCCEEDED') {
      // With a ResultWriter the results stay in the items, streamed to S3 from there: none is read here.
      const results =
        run.resultsStay === true
          ? { outputs: [], failures: {}, inStore: true }
          : await this.host.store.mapRunResults(run.arn);
      await this.end(run, 'SUCCEEDED', workId, { status: 'SUCCEEDED', ...results });
    } else if (run.executionType === 'STANDARD') {
      await this.startChildren(run, workId);
    } else if (workId !== undefined) {
      // EXPRESS: the node holding the run's work item runs its children; an update is seen by that loop.
      await this.runExpress(run, workId);
    }
  }

  /** Runs an EXPRESS run's children in memory until it is decided, holding its work item meanwhile. */
  private async runExpress(run: MapRunRecord, workId: string): Promise<void> {
    const host = this.host;
    let claimKeptAt = host.clock.now();
    const ended = await runExpressChildren(
      {
        store: host.store,
        clock: host.clock,
        services: host.services,
        tasks: host.tasks,
        waitTimeScale: host.waitTimeScale,
        closing: () => host.closing(),
        keepClaim: async () => {
          if (host.clock.now() - claimKeptAt < host.leaseMillis / 3) return true;
          claimKeptAt = host.clock.now();
          return host.keepClaim(workId);
        },
        uuid: () => host.services.uuid(),
      },
      this.expressMachines.get(run.definition),
      run,
      (current) => verdictOf(current) !== undefined,
    );
    // A lost claim is the new owner's to perform and to release: this node leaves it as it is.
    if (ended === 'closing') await host.releaseClaim(workId);
    else if (ended !== 'lost') await this.decide(ended, workId);
  }

  /**
   * Starts the children there is room for. One starter per run on this node: a child's end arriving while
   * it works asks it to look again and hands it the end's work item, which it consumes with the children it
   * starts next (it consumes its own last, so a crash leaves a work item that resumes the run). Without it,
   * a thousand ends arriving together each took, and started again, the same children not yet marked started.
   */
  private async startChildren(run: MapRunRecord, workId: string | undefined): Promise<void> {
    const active = this.starters.get(run.arn);
    if (active !== undefined) {
      active.again = true;
      if (workId !== undefined) active.consumes.push(this.consumed(workId));
      return;
    }
    const starter: Starter = { again: false, consumes: [] };
    this.starters.set(run.arn, starter);
    let own = workId;
    try {
      for (;;) {
        starter.again = false;
        // While its own item is unconsumed, that item (performed again after a crash) finds the children
        // that ended in their first step and counts them: they need no report of their own.
        const batch = await this.startBatch(run, own !== undefined);
        const counted = await this.countEnds(run.arn, batch);
        // Decided by ends counted here: decided now, consuming its own item. Their reports stay until then,
        // so a crash in between leaves an item that decides it.
        if (counted !== undefined && verdictOf(counted) !== undefined) {
          if (!(await this.host.store.childrenStarted(run.arn, batch.running, starter.consumes.splice(0)))) return;
          await this.decide(counted, own);
          return;
        }
        const more = batch.indices.length === startBatch || batch.ends.length > 0 || asked(starter);
        const consumes = [...starter.consumes.splice(0), ...batch.reports.map((id) => ({ id }))];
        if (!more && own !== undefined) consumes.push(this.consumed(own));
        // Fenced: another node claimed one of these items since, and carries the run on.
        if (!(await this.host.store.childrenStarted(run.arn, batch.running, consumes))) return;
        if (!more) own = undefined;
        // Ends that came during that transaction were not in it: they are looked at (and consumed) next.
        if (!more && !asked(starter)) return;
      }
    } finally {
      this.starters.delete(run.arn);
    }
  }

  /**
   * Counts the ends of the children that ended in their first step (a Pass child does), one transaction for
   * the batch rather than a claim and a transaction per report. Their reports, when they have any, are
   * consumed with the batch's start (a crash before leaves them: counted again, they change nothing).
   */
  private async countEnds(mapRunArn: string, batch: StartedBatch): Promise<MapRunRecord | undefined> {
    if (batch.ends.length === 0) return undefined;
    return this.host.store.childrenEnded(mapRunArn, batch.ends);
  }

  /** Takes and creates up to `startBatch` children: their item indices, and the ends of those that ended. */
  private async startBatch(run: MapRunRecord, countsFirstEnds: boolean): Promise<StartedBatch> {
    const { store, services } = this.host;
    const children = await store.takeChildren(run.arn, startBatch, () =>
      mapRunChildExecutionArn(run.arn, services.uuid()),
    );
    const startDate = this.host.clock.now();
    const indices = children.map((child) => child.index);
    const batch: StartedBatch = { indices, running: [], ends: [], reports: [] };
    await Promise.all(
      children.map(async (child) => {
        if (child.redrive === true) {
          batch.running.push(child.index);
          await this.redriveChild(run.arn, child.executionArn);
          return;
        }
        const start = { ...this.childStart(run, child, startDate), mapRunCountsFirstEnd: countsFirstEnds };
        const { execution } = await this.host.startExecution(start);
        if (execution.status === 'RUNNING') {
          batch.running.push(child.index);
          return;
        }
        batch.ends.push(endOf(execution, execution.status));
        if (!countsFirstEnds) batch.reports.push(reportId(run.arn, execution));
      }),
    );
    return batch;
  }

  private childStart(run: MapRunRecord, child: MapRunChildStart, startDate: number): ExecutionStart {
    return {
      arn: child.executionArn,
      name: child.executionArn.slice(child.executionArn.lastIndexOf(':') + 1),
      type: run.executionType,
      stateMachineArn: run.stateMachineArn,
      stateMachineName: mapRunChildMachineName(run.arn),
      definition: run.definition,
      revisionId: '',
      roleArn: run.roleArn,
      input: child.input,
      startDate,
      mapRunArn: run.arn,
    };
  }

  /** Redrives a failed child; one that cannot be (its history full) ends failed again, so the run goes on. */
  private async redriveChild(mapRunArn: string, executionArn: string): Promise<void> {
    try {
      await this.host.redriveExecution(executionArn);
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      const run = await this.host.store.childEnded(mapRunArn, {
        executionArn,
        status: 'FAILED',
        error: 'States.Runtime',
        cause,
      });
      // This end may decide the run (no work item reports it): decide it here.
      if (run !== undefined && verdictOf(run) !== undefined) await this.decide(run, undefined);
    }
  }

  private async stop(workId: string, mapRunArn: string): Promise<void> {
    const run = await this.host.store.getMapRun(mapRunArn);
    if (run === undefined) {
      await this.host.store.childrenStarted(mapRunArn, [], this.consumed(workId));
      return;
    }
    await this.end(run, 'ABORTED', workId, undefined);
  }

  /** Ends the run: its running children are stopped, and the parent hears the outcome (not when aborted). */
  private async end(
    run: MapRunRecord,
    status: 'SUCCEEDED' | 'FAILED' | 'ABORTED',
    workId: string | undefined,
    outcome: MapRunOutcome | undefined,
  ): Promise<void> {
    const { store } = this.host;
    const now = this.host.clock.now();
    const addWork: WorkItem[] = [];
    // EXPRESS children are not executions: the driver's loop aborts those in flight when it sees the end.
    if (status !== 'SUCCEEDED' && run.executionType === 'STANDARD') {
      for (const childArn of await store.runningChildren(run.arn)) {
        const input: EngineInput = { type: 'StopExecution' };
        addWork.push({
          id: `${childArn}#stopped-by-map-run`,
          executionArn: childArn,
          kind: 'input',
          dueTime: now,
          input,
        });
      }
    }
    if (outcome !== undefined) {
      const input: EngineInput = { type: 'MapRunEnded', mapRunArn: run.arn, outcome };
      const id = `${run.executionArn}#${run.arn}#ended#${run.redriveCount}`;
      addWork.push({ id, executionArn: run.executionArn, kind: 'input', dueTime: now, input });
    }
    const work = workId === undefined ? { addWork } : { addWork, consumes: this.consumed(workId) };
    if (await store.endMapRun(run.arn, status, now, work)) this.host.noteNewWork(addWork);
  }
}

/** How the run stands: FAILED past its tolerance, SUCCEEDED when every child ended, else undefined. */
function verdictOf(run: MapRunRecord): 'FAILED' | 'SUCCEEDED' | undefined {
  const { counts } = run;
  const failed = counts.failed + counts.timedOut + counts.aborted;
  if (mapRunToleranceExceeded(run, failed, counts.total)) return 'FAILED';
  if (counts.pending === 0 && counts.running === 0) return 'SUCCEEDED';
  return undefined;
}
