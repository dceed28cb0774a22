// What state code sees of the engine while a step runs: the outcome types and the StateContext that Run
// implements. State modules import this, never run.ts, so the engine and the states form no import cycle.

import type { Failure } from '../asl/errors.ts';
import type { EvaluationScope } from '../expressions/scope.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import type { ChildLaunch } from './child-launch.ts';
import type { HistoryRecorder } from './history.ts';
import type { CompiledState, Machine } from './machine.ts';
import type { Command, EngineContext, ExecutionState, Payload, ThreadSnapshot, ThreadState } from './types.ts';
import type { VariableViews } from './variables.ts';

/** What a state's code returns to the engine. */
export type Outcome =
  /** Leave the state with `output`, to `next` (a Choice's pick or a Catch's target) or to its own Next/End. */
  | { kind: 'exit'; output: Payload; next?: string; assign?: JsonObject }
  /** The state failed: Retry and Catch apply; `failedEvent` is recorded first unless the state is retried. */
  | { kind: 'fail'; failure: Failure; failedEvent?: string }
  /** The thread waits for a timer, a task or its children (thread.pending says which). */
  | { kind: 'block' };

/** What a caller gives to start a thread; the rest is set when it enters its first state. */
export type NewThread = Omit<ThreadState, 'stateName' | 'enteredEventId' | 'enteredTime' | 'retries'>;

/** How a thread ended, as its parent (or the execution) sees it. */
export type ThreadEnd = { kind: 'succeeded'; output: Payload } | { kind: 'failed'; failure: Failure };

/** The engine as state code may use it during one step. */
export interface StateContext {
  readonly machine: Machine;
  readonly state: ExecutionState;
  readonly ctx: EngineContext;
  /** The step's time: the only clock state code reads. */
  readonly now: number;
  readonly history: HistoryRecorder;
  /** Commands for the runtime (timers, task calls, cancellations), performed after the step commits. */
  readonly commands: Command[];
  readonly variables: VariableViews;
  /** A new id, unique in the execution, for a timer or a task of `thread`. */
  newId(thread: ThreadState, kind: string): string;
  currentState(thread: ThreadState): CompiledState;
  /** The scope that expressions of `thread`'s current state see, with `input` as `$`. */
  scope(thread: ThreadState, input: JsonValue): EvaluationScope;
  /** Runs `body`, turning a thrown StatesFailure into a `fail` outcome of `thread`'s state. */
  guard(thread: ThreadState, body: () => Outcome | Promise<Outcome>): Outcome | Promise<Outcome>;
  startTimer(timerId: string, dueTime: number): void;
  /** Creates a thread at the start of its block and queues it to run. */
  startThread(init: NewThread): ThreadState;
  /** Recreates a thread that did not finish (a redrive), queued to enter the state where it stopped. */
  restoreThread(snapshot: ThreadSnapshot, cursor: number): void;
  /** Queues the children of a launch, each created when it comes to run. */
  startLaunch(launch: ChildLaunch): void;
  /** Aborts the children among `ids` that are still running and returns them. */
  abortChildren(parent: ThreadState, ids: Iterable<string>): ThreadState[];
  abortThread(thread: ThreadState): void;
  /** Cancels the timers and tasks `thread` waits for. */
  cancelPending(thread: ThreadState): void;
}
