// One call of step(): the threads made runnable by an input are advanced until each blocks or ends,
// recording history events and collecting commands on the way.

import { StatesErrors, StatesFailure, type Failure } from '../asl/errors.ts';
import type { EvaluationScope } from '../expressions/scope.ts';
import type { JsonValue } from '../json/json-value.ts';
import { abortState, eventsOf, executeState, onChildEnded } from './dispatch.ts';
import { catchFailure, retryDueTime } from './error-handling.ts';
import { carryOut, restartHeartbeat, waitUntil, type IntentHost } from './intents.ts';
import { cancelCommands, waitsForBranches, yieldOrder } from './pending-work.ts';
import { ThreadScope } from './thread-scope.ts';
import { failureDetails, HistoryRecorder } from './history.ts';
import type { EventDetails } from './history-event.ts';
import type { Block, CompiledState, Machine } from './machine.ts';
import { ChildLaunch } from './child-launch.ts';
import type { NewThread, Outcome, StateContext, ThreadEnd } from './state-context.ts';
import { dataLimitExceeded, exceedsPayloadLimit, payloadOf } from './payload.ts';
import { historyLimitFailure, maxStatesPerStep, yieldTimerPrefix } from './limits.ts';
import { keepLiveThreads, keepUnfinished, takeChildSnapshots } from './redrive.ts';
import type { Command, EngineContext, ExecutionState, Pending, ThreadSnapshot, ThreadState } from './types.ts';
import { VariableViews, variableTexts } from './variables.ts';

export class Run implements StateContext, IntentHost {
  readonly history: HistoryRecorder;
  readonly commands: Command[] = [];
  readonly variables: VariableViews;
  /** Threads to enter their current state, and launches of threads to create; the last queued runs first. */
  private readonly runnable: (ThreadState | ChildLaunch)[] = [];
  /**
   * The launched thread running now, not yet in the thread table: it is added only when it blocks or
   * assigns variables (or is created to be aborted). A Map iteration that runs to its end is never
   * added, and adding and deleting 10,000 string keys was a tenth of a Map of 10,000 Pass iterations.
   */
  private unlisted: ThreadState | undefined;
  /** States entered by this step, against maxStatesPerStep. */
  private entered = 0;
  /** The order in which threads yielded, kept so that they continue in the same order. */
  private yields = 0;

  constructor(
    readonly machine: Machine,
    readonly state: ExecutionState,
    readonly ctx: EngineContext,
    readonly now: number,
  ) {
    this.history = new HistoryRecorder(state, now, ctx.maxHistoryEvents);
    this.variables = new VariableViews(state);
  }

  newId(thread: ThreadState, kind: string): string {
    return `${thread.id}:${kind}:${this.state.nextId++}`;
  }

  block(pointer: string): Block {
    const block = this.machine.blocks.get(pointer);
    if (block === undefined) throw new Error(`No States block at ${pointer}`);
    return block;
  }

  currentState(thread: ThreadState): CompiledState {
    const state = this.block(thread.block).states.get(thread.stateName);
    if (state === undefined) throw new Error(`No state ${thread.stateName} in ${thread.block}`);
    return state;
  }

  /** The scope that expressions of `thread`'s current state see, with `input` as `$`. */
  scope(thread: ThreadState, input: JsonValue): EvaluationScope {
    const type = this.currentState(thread).def.Type;
    return new ThreadScope(input, this.variables.of(thread), this.ctx.services, this.state, thread, type);
  }

  /**
   * Creates a thread at the start of its block and queues it to run. `init` becomes the thread (callers
   * hand over a fresh object): extending it keeps V8's fast object shape, where a spread copy made every
   * thread a slow dictionary object (a Map of 10,000 items ran 3 times slower).
   */
  startThread(init: NewThread): ThreadState {
    const thread: ThreadState = Object.assign(init, {
      stateName: this.block(init.block).startAt,
      enteredEventId: 0,
      enteredTime: this.now,
      retries: [],
    });
    this.state.threads[thread.id] = thread;
    this.runnable.push(thread);
    return thread;
  }

  /** Recreates a thread that did not finish (a redrive), queued to enter the state where it stopped. */
  restoreThread(snapshot: ThreadSnapshot, cursor: number): void {
    this.runnable.push(this.restoredThread(snapshot, cursor));
  }

  private restoredThread(snapshot: ThreadSnapshot, cursor: number): ThreadState {
    const { children, ...kept } = snapshot;
    const thread: ThreadState = { ...kept, cursor, enteredEventId: 0, enteredTime: this.now, retries: [] };
    if (children !== undefined) thread.redrive = children;
    this.state.threads[thread.id] = thread;
    return thread;
  }

  /** Queues the children of a launch, each created when it comes to run (see ChildLaunch). */
  startLaunch(launch: ChildLaunch): void {
    if (launch.remaining > 0) this.runnable.push(launch);
  }

  /** The next child of a queued launch, the launch queued again beneath it while it has more. */
  private launchFrom(launch: ChildLaunch): ThreadState | undefined {
    // A launch whose parent was aborted has been emptied (abortChildren); one left when the execution
    // ended is dropped, as its threads would have been.
    if (!this.isLive(launch.parent)) return undefined;
    const child = this.launchNext(launch, false);
    if (launch.remaining > 0) this.runnable.push(launch);
    return child;
  }

  /**
   * Creates the next child of a launch, or undefined when none is left; in the thread table when `listed`,
   * otherwise as the one unlisted thread (see `unlisted`).
   */
  private launchNext(launch: ChildLaunch, listed: boolean): ThreadState | undefined {
    const parent = launch.parent;
    const at = launch.take();
    if (at === undefined) return undefined;
    const restored = launch.restoredAt(at);
    if (restored !== undefined) return this.restoredThread(restored, launch.cursorAt(at));
    const index = launch.indexAt(at);
    // One literal in the order startThread gives (see there): one fast object shape for every child.
    const thread: ThreadState = {
      id: `${parent.id}.${index}`,
      block: launch.block,
      parent: { threadId: parent.id, index },
      recorded: launch.recorded,
      input: payloadOf(launch.inputAt(at)),
      cursor: launch.cursorAt(at),
      stateName: this.block(launch.block).startAt,
      enteredEventId: 0,
      enteredTime: this.now,
      retries: [],
    };
    if (listed) this.state.threads[thread.id] = thread;
    else this.unlisted = thread;
    return thread;
  }

  /** Adds the unlisted thread to the thread table (a no-op for any other thread). */
  private list(thread: ThreadState): void {
    if (this.unlisted !== thread) return;
    this.state.threads[thread.id] = thread;
    this.unlisted = undefined;
  }

  /**
   * Creates every child that `parent`'s launches have yet to create, in place on the queue (as startThread
   * would have queued them), so that the children can be looked up and aborted.
   */
  private launchAll(parent: ThreadState): void {
    for (let at = this.runnable.length - 1; at >= 0; at--) {
      const launch = this.runnable[at];
      if (!(launch instanceof ChildLaunch) || launch.parent !== parent) continue;
      const children: ThreadState[] = [];
      for (let child = this.launchNext(launch, true); child !== undefined; child = this.launchNext(launch, true)) {
        children.push(child);
      }
      this.runnable.splice(at, 1, ...children.reverse());
    }
  }

  /** Aborts the children of a Parallel or Map (by id; those already ended are skipped). */
  abortChildren(parent: ThreadState, ids: Iterable<string>): ThreadState[] {
    this.launchAll(parent);
    const aborted: ThreadState[] = [];
    for (const id of ids) {
      const child = this.state.threads[id];
      if (child === undefined) continue;
      this.abortThread(child);
      aborted.push(child);
    }
    return aborted;
  }

  /** Starts the machine's TimeoutSeconds, at the start and again on a redrive. */
  startExecutionTimeout(): void {
    const timeoutSeconds = this.machine.definition.TimeoutSeconds;
    if (timeoutSeconds !== undefined) this.startTimer(executionTimeoutTimerId, this.now + timeoutSeconds * 1000);
  }

  /**
   * Runs queued threads until every one has blocked or ended. State code answers synchronously unless it
   * has to wait for a promise (JSONata, a catcher, ...): it is awaited only then, since an await per
   * state and per thread end made most of the allocations of a Map of 10,000 Pass iterations.
   */
  async drain(): Promise<void> {
    for (let next = this.runnable.pop(); next !== undefined; next = this.runnable.pop()) {
      const thread = next instanceof ChildLaunch ? this.launchFrom(next) : next;
      if (thread === undefined) continue;
      // A launched iteration's first state is not counted: a Map's work is bounded by its items, and
      // yielding each of thousands of new iterations would list them all; every loop counts elsewhere.
      let counted = !(next instanceof ChildLaunch);
      while (this.isLive(thread)) {
        if (counted && this.entered++ >= maxStatesPerStep) {
          this.yieldThread(thread);
          break;
        }
        counted = true;
        const outcome = this.enter(thread);
        const again = this.settle(thread, outcome instanceof Promise ? await outcome : outcome);
        if (!(again instanceof Promise ? await again : again) || this.history.full) break;
      }
      // It blocked: from now on it is looked up by id (its timer or task, its children's parent).
      if (this.state.status === 'RUNNING') this.list(thread);
      this.enforceHistoryLimit();
    }
  }

  /**
   * Leaves a thread runnable for the next step: the step commits, and the execution's yield timer, due at
   * once, continues it (see limits.ts).
   */
  private yieldThread(thread: ThreadState): void {
    thread.pending = { kind: 'yield', order: this.yields++ };
    if (this.state.yieldTimerId !== undefined) return;
    this.state.yieldTimerId = `${yieldTimerPrefix}${this.state.nextId++}`;
    this.startTimer(this.state.yieldTimerId, this.now);
  }

  /** The yield timer fired: the threads that yielded run on, in the order they yielded. */
  async resumeYielded(): Promise<void> {
    this.state.yieldTimerId = undefined;
    const yielded = Object.values(this.state.threads).filter((thread) => yieldOrder(thread.pending) !== undefined);
    const order = (thread: ThreadState): number => yieldOrder(thread.pending) ?? 0;
    // The last queued runs first: the first to have yielded goes on top.
    for (const thread of yielded.sort((a, b) => order(b) - order(a))) {
      thread.pending = undefined;
      this.runnable.push(thread);
    }
    await this.drain();
  }

  /** Fails the execution once an event was refused for AWS's history quota (see HistoryRecorder.full). */
  enforceHistoryLimit(): void {
    if (!this.history.full || this.state.status !== 'RUNNING') return;
    this.failExecution(historyLimitFailure(this.history.limit));
  }

  /** Ends a running execution as FAILED from outside its threads (the history quota, a deleted machine). */
  failExecution(failure: Failure): void {
    this.cancelEverything();
    this.state.status = 'FAILED';
    this.state.stopTime = this.now;
    this.setError(failure);
    const details = { executionFailedEventDetails: failureDetails(failure) };
    this.history.recordAfter(this.state.nextEventId - 1, 'ExecutionFailed', details);
  }

  /** Settles a blocked thread from outside (a timer, a task result, a child), then runs everything runnable. */
  async resume(thread: ThreadState, outcome: Outcome): Promise<void> {
    if (await this.settle(thread, outcome)) this.runnable.push(thread);
    await this.drain();
  }

  /** Runs the current state of a thread again without a new Entered event (a retry). */
  async reexecute(thread: ThreadState): Promise<void> {
    const state = this.currentState(thread);
    const outcome = await this.execute(thread, state);
    if (await this.settle(thread, outcome)) this.runnable.push(thread);
    await this.drain();
  }

  private isLive(thread: ThreadState): boolean {
    return this.state.status === 'RUNNING' && (this.unlisted === thread || this.state.threads[thread.id] === thread);
  }

  private enter(thread: ThreadState): Outcome | Promise<Outcome> {
    const state = this.currentState(thread);
    thread.enteredCursor = thread.cursor;
    const type = eventsOf(state).entered;
    thread.enteredEventId = this.history.recordEntered(thread, type, state.name, thread.input.text);
    thread.enteredTime = this.now;
    // A fresh array only when the previous state made attempts: most never do.
    if (thread.retries.length > 0) thread.retries = [];
    return this.execute(thread, state);
  }

  /** guard() around the state's own code, without a closure for every state entered. */
  private execute(thread: ThreadState, state: CompiledState): Outcome | Promise<Outcome> {
    try {
      return this.recover(thread, executeState(this, thread, state));
    } catch (error) {
      return this.failedOutcome(thread, error);
    }
  }

  /**
   * Runs state code, turning a StatesFailure it throws (or rejects with) into a failed outcome with AWS's
   * cause prefix. Synchronous state code gets its outcome back synchronously.
   */
  guard(thread: ThreadState, body: () => Outcome | Promise<Outcome>): Outcome | Promise<Outcome> {
    try {
      return this.recover(thread, body());
    } catch (error) {
      return this.failedOutcome(thread, error);
    }
  }

  /** An outcome still to come fails as a thrown StatesFailure does (see failedOutcome). */
  private recover(thread: ThreadState, outcome: Outcome | Promise<Outcome>): Outcome | Promise<Outcome> {
    return outcome instanceof Promise ? outcome.catch((error: unknown) => this.failedOutcome(thread, error)) : outcome;
  }

  private failedOutcome(thread: ThreadState, error: unknown): Outcome {
    if (isStackOverflow(error)) return { kind: 'fail', failure: tooDeepToEvaluate(thread) };
    if (!(error instanceof StatesFailure)) throw error;
    const where = `An error occurred while executing the state '${thread.stateName}' (entered at the event id #${thread.enteredEventId}).`;
    const failure = { error: error.error, cause: `${where} ${error.cause ?? ''}` };
    if (error.evaluation === undefined) return { kind: 'fail', failure };
    this.recordEvaluationFailed(thread, failure, error.evaluation);
    const failedEvent = error.evaluation.failedEvent;
    return failedEvent === undefined ? { kind: 'fail', failure } : { kind: 'fail', failure, failedEvent };
  }

  /** AWS records a JSONata failure as an event linked to the state's Entered event or the one before it. */
  private recordEvaluationFailed(
    thread: ThreadState,
    failure: { error: string; cause: string },
    evaluation: NonNullable<StatesFailure['evaluation']>,
  ): void {
    if (!thread.recorded) return;
    const previous = evaluation.afterEntered ? thread.enteredEventId : (thread.enteredCursor ?? thread.cursor);
    const details = { ...failure, location: evaluation.location, state: thread.stateName };
    thread.cursor = this.history.recordAfter(previous, 'EvaluationFailed', { evaluationFailedEventDetails: details });
  }

  /**
   * Applies an outcome to a thread. Returns true when the thread has moved on to a state it must enter
   * now; false when it blocked, ended or failed.
   */
  settle(thread: ThreadState, outcome: Outcome): boolean | Promise<boolean> {
    if (outcome.kind === 'block') return false;
    if (outcome.kind !== 'exit' && outcome.kind !== 'fail') {
      carryOut(this, thread, outcome);
      return false;
    }
    const state = this.currentState(thread);
    if (outcome.kind === 'fail') return this.fail(thread, state, outcome);
    thread.pending = undefined;
    // A Map that tolerated failed iterations no longer needs them for a redrive.
    if (this.state.unfinishedThreads !== undefined) takeChildSnapshots(this.state, thread.id);
    if (exceedsPayloadLimit(outcome.output.text)) {
      return this.fail(thread, state, { kind: 'fail', failure: dataLimitExceeded(state.name) });
    }
    const assigned = outcome.assign === undefined ? undefined : variableTexts(outcome.assign);
    if (outcome.assign !== undefined && assigned !== undefined) {
      // The limit on all of an execution's variables counts the threads in the table.
      this.list(thread);
      const failure = this.variables.assign(thread, outcome.assign, assigned);
      if (failure !== undefined) return this.fail(thread, state, { kind: 'fail', failure });
    }
    const exited = eventsOf(state).exited;
    if (exited !== undefined) this.history.recordExited(thread, exited, state.name, outcome.output.text, assigned);
    const next = outcome.next ?? ('Next' in state.def ? state.def.Next : undefined);
    if (next === undefined) {
      const ended = this.endThread(thread, { kind: 'succeeded', output: outcome.output });
      return ended === undefined ? false : ended.then(() => false);
    }
    thread.stateName = next;
    thread.input = outcome.output;
    return true;
  }

  private async fail(thread: ThreadState, state: CompiledState, outcome: Outcome & { kind: 'fail' }): Promise<boolean> {
    const failure = outcome.failure;
    const stopped = thread.pending;
    thread.pending = undefined;
    const retryAt = retryDueTime(this, thread, state, failure);
    if (retryAt !== undefined) {
      waitUntil(this, thread, 'retry', retryAt);
      return this.dropChildSnapshots(thread);
    }
    if (outcome.failedEvent !== undefined) this.history.record(thread, outcome.failedEvent);
    const caught = await catchFailure(this, thread, state, failure);
    if (caught !== undefined) {
      this.dropChildSnapshots(thread);
      return this.settle(thread, caught);
    }
    this.recordBranchTaskAborted(thread, state);
    await this.endThread(thread, { kind: 'failed', failure }, stopped);
    return false;
  }

  /** A state whose failure ends a Parallel branch: AWS's event after it, if its type has one (StateEvents). */
  private recordBranchTaskAborted(thread: ThreadState, state: CompiledState): void {
    const rule = eventsOf(state).abortedAfterBranchFailure;
    if (rule === undefined || !thread.recorded || thread.parent === undefined) return;
    if (!waitsForBranches(this.state.threads[thread.parent.threadId]?.pending)) return;
    const failed = this.history.events.find((event) => event.id === thread.cursor);
    if (failed?.type === rule.failed) this.history.recordAfter(thread.cursor, rule.aborted);
  }

  /** A retried or caught Parallel or Map starts afresh: its children's snapshots are of no further use. */
  private dropChildSnapshots(thread: ThreadState): false {
    if (this.state.unfinishedThreads !== undefined) takeChildSnapshots(this.state, thread.id);
    return false;
  }

  /**
   * A thread has ended: the execution ends with the top-level thread, a child reports to its parent. A
   * failed thread is kept for a redrive, with `stopped`, what it waited for when it failed.
   */
  private endThread(thread: ThreadState, end: ThreadEnd, stopped?: Pending): Promise<void> | undefined {
    this.removeThread(thread);
    if (end.kind === 'failed') keepUnfinished(this.state, thread, stopped);
    if (thread.parent === undefined) {
      this.endExecution(thread, end);
      return undefined;
    }
    const parent = this.state.threads[thread.parent.threadId];
    if (parent === undefined) return undefined;
    const outcome = this.childEnded(parent, thread, end);
    return outcome instanceof Promise
      ? outcome.then((settled) => this.settleParent(parent, settled))
      : this.settleParent(parent, outcome);
  }

  /** guard() around the parent's code for a child's end, without a closure for every child. */
  private childEnded(parent: ThreadState, child: ThreadState, end: ThreadEnd): Outcome | Promise<Outcome> {
    try {
      return this.recover(parent, onChildEnded(this, parent, this.currentState(parent), child, end));
    } catch (error) {
      return this.failedOutcome(parent, error);
    }
  }

  /** Settles a parent on its child's end; queued to run on when it moves on to its next state. */
  private settleParent(parent: ThreadState, outcome: Outcome): Promise<void> | undefined {
    const again = this.settle(parent, outcome);
    if (!(again instanceof Promise)) {
      if (again) this.runnable.push(parent);
      return undefined;
    }
    return again.then((moved) => {
      if (moved) this.runnable.push(parent);
    });
  }

  private endExecution(thread: ThreadState, end: ThreadEnd): void {
    if (this.history.full) {
      // An event on the way here was refused: the history is at its quota, and so the execution fails.
      this.enforceHistoryLimit();
      return;
    }
    this.state.stopTime = this.now;
    if (end.kind === 'succeeded') {
      this.state.status = 'SUCCEEDED';
      this.state.output = end.output.text;
      const details = { output: end.output.text, outputDetails: { truncated: false } };
      this.history.recordAfter(thread.cursor, 'ExecutionSucceeded', { executionSucceededEventDetails: details });
    } else {
      this.state.status = 'FAILED';
      this.setError(end.failure);
      const details = { executionFailedEventDetails: failureDetails(end.failure) };
      this.history.recordAfter(thread.cursor, 'ExecutionFailed', details);
    }
    this.cancelEverything();
  }

  /** Ends the execution from outside its threads: StopExecution or the machine's TimeoutSeconds. */
  terminate<T extends 'ExecutionAborted' | 'ExecutionTimedOut'>(
    status: 'ABORTED' | 'TIMED_OUT',
    type: T,
    details: EventDetails<T>,
    previous: number,
  ): void {
    keepLiveThreads(this.state);
    this.cancelEverything();
    this.state.status = status;
    this.state.stopTime = this.now;
    this.history.recordAfter(previous, type, details);
  }

  /** Threads live in a plain record, so that the execution state stays plain JSON. */
  private removeThread(thread: ThreadState): void {
    if (this.unlisted === thread) this.unlisted = undefined;
    else Reflect.deleteProperty(this.state.threads, thread.id);
  }

  private setError(failure: Failure): void {
    if (failure.error !== '') this.state.error = failure.error;
    if (failure.cause !== undefined) this.state.cause = failure.cause;
  }

  /** Stops a running thread and everything under it, recording AWS's Aborted events for blocked states. */
  abortThread(thread: ThreadState): void {
    if (this.state.threads[thread.id] !== thread) return;
    this.removeThread(thread);
    const stopped = thread.pending;
    if (stopped !== undefined) abortState(this, thread, this.currentState(thread));
    keepUnfinished(this.state, thread, stopped);
  }

  private cancelEverything(): void {
    for (const thread of Object.values(this.state.threads)) this.cancelPending(thread);
    this.state.threads = {};
    this.unlisted = undefined;
    this.commands.push({ type: 'CancelTimer', timerId: executionTimeoutTimerId });
    if (this.state.yieldTimerId !== undefined) {
      this.commands.push({ type: 'CancelTimer', timerId: this.state.yieldTimerId });
      this.state.yieldTimerId = undefined;
    }
  }

  /** Cancels the timers and the task `thread` waits for. */
  cancelPending(thread: ThreadState): void {
    if (thread.pending !== undefined) this.commands.push(...cancelCommands(thread.pending));
  }

  restartHeartbeat(thread: ThreadState): void {
    restartHeartbeat(this, thread);
  }

  startTimer(timerId: string, dueTime: number): void {
    this.commands.push({ type: 'StartTimer', timerId, dueTime });
  }
}

export const executionTimeoutTimerId = 'execution-timeout';

/**
 * Data nested deeply enough to exhaust the stack in a recursive walk (the JSON parsed at the edges is
 * bounded, values built by expressions are not): a resource bound like the others, so it fails the state
 * rather than the step, which would otherwise be retried, and overflow, forever.
 */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack');
}

function tooDeepToEvaluate(thread: ThreadState): Failure {
  const where = `An error occurred while executing the state '${thread.stateName}' (entered at the event id #${thread.enteredEventId}).`;
  return { error: StatesErrors.Runtime, cause: `${where} The state's data is nested too deeply to evaluate.` };
}
