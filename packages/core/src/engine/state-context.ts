// What state code sees of the engine while a step runs: the outcomes and intents it returns, and the
// StateContext that Run implements. State modules import this, never run.ts, so the engine and the states
// form no import cycle. State code says what it waits for (an intent); the engine alone sets the thread's
// `pending`, makes timer and task ids and pushes commands (intents.ts).

import type { StateEvents } from './state-events.ts';
import type { Failure } from '../asl/errors.ts';
import type { EvaluationScope } from '../expressions/scope.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import type { ChildLaunch } from './child-launch.ts';
import type { HistoryRecorder } from './history.ts';
import type { HistoryEventType } from './history-event.ts';
import type { CompiledState, Machine } from './machine.ts';
import type {
  EngineContext,
  ExecutionState,
  MapPending,
  MapRunOutcome,
  MapRunSpec,
  ParallelPending,
  Payload,
  TaskInvocation,
  TaskPattern,
  TaskStyle,
  ThreadSnapshot,
  ThreadState,
} from './types.ts';
import type { VariableViews } from './variables.ts';

/** What a state's code returns to the engine. */
export type Outcome =
  /** Leave the state with `output`, to `next` (a Choice's pick or a Catch's target) or to its own Next/End. */
  | { kind: 'exit'; output: Payload; next?: string; assign?: JsonObject }
  /** The state failed: Retry and Catch apply; `failedEvent` is recorded first unless the state is retried. */
  | { kind: 'fail'; failure: Failure; failedEvent?: HistoryEventType }
  /** Wait until `dueTime` (epoch ms): the engine starts a timer; when it fires, the state's `fireTimer` runs. */
  | { kind: 'wait'; dueTime: number }
  /** Call the world outside: the engine sends the call and starts its timers; the answer goes to `resume`. */
  | { kind: 'invoke'; call: TaskCall | MapRunCall | MapRunChildrenCall }
  /** Run child threads: the engine keeps `children` as what the thread waits for and queues `launch`. */
  | { kind: 'fork'; children: ParallelPending | MapPending; launch: ChildLaunch | readonly ForkedThread[] }
  /** Keep waiting for what the thread already waits for (a child ended, others still run). */
  | { kind: 'block' };

/** A Task's call; the engine gives it its task id and its TimeoutSeconds and HeartbeatSeconds timers. */
export interface TaskCall {
  kind: 'task';
  invocation: Omit<TaskInvocation, 'taskId'>;
  style: TaskStyle;
  pattern: TaskPattern;
  /** Whether the HeartbeatSeconds clock starts now (otherwise when a worker takes the activity, or never). */
  heartbeatNow: boolean;
}

/** A Distributed Map's call to S3 (read the items, write the results), made while it waits on `map`. */
export interface MapRunCall {
  kind: 'mapRun';
  map: MapPending;
  purpose: 'itemReader' | 'resultWriter';
  resource: string;
  input: JsonValue;
  stateName: string;
}

/** A Distributed Map's children, handed to the runtime as a map run (executions of their own). */
export interface MapRunChildrenCall {
  kind: 'mapRunChildren';
  map: MapPending;
  spec: MapRunSpec;
}

/** A child thread a fork starts: a fresh one, or one that did not finish before (a redrive). */
export type ForkedThread = { start: NewThread } | { restore: ThreadSnapshot; cursor: number };

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
  readonly variables: VariableViews;
  currentState(thread: ThreadState): CompiledState;
  /** The scope that expressions of `thread`'s current state see, with `input` as `$`. */
  scope(thread: ThreadState, input: JsonValue): EvaluationScope;
  /** Runs `body`, turning a thrown StatesFailure into a `fail` outcome of `thread`'s state. */
  guard(thread: ThreadState, body: () => Outcome | Promise<Outcome>): Outcome | Promise<Outcome>;
  /** Aborts the children among `ids` that are still running and returns them. */
  abortChildren(parent: ThreadState, ids: Iterable<string>): ThreadState[];
  abortThread(thread: ThreadState): void;
  /** (Re)starts the HeartbeatSeconds clock of the Task `thread` waits on (a worker took it, a heartbeat came). */
  restartHeartbeat(thread: ThreadState): void;
}

/** The answer to an `invoke` intent's call, and which call it was (a Map makes two: read, then write). */
export type TaskAnswer =
  | (({ output: string } | { failure: Failure }) & { call: 'task' | 'itemReader' | 'resultWriter' })
  /** A Distributed Map's run of children ended (MapRunEnded). */
  | { mapRun: MapRunOutcome; call: 'mapRunChildren' };

/** What happens to a Task's call before its answer; none of it ends the wait. */
export type TaskProgress =
  { kind: 'submitted'; output: string } | { kind: 'started'; workerName: string | undefined } | { kind: 'heartbeat' };

/** Which timer of a `wait` or `invoke` intent fired (a Retry's back-off is the engine's own). */
export type FiredTimer = 'wait' | 'timeout' | 'heartbeat';

/**
 * What a state type does, as the engine calls it (the shape of Temporal's activation handlers): `execute`
 * on entering the state; the rest only while the thread waits on an intent the state returned. The engine
 * has already settled its own part (timer and task ids, commands) before it calls them.
 */
export interface StateHandlers<S extends CompiledState> {
  /** The type's history events (entered, exited, aborted). */
  readonly events: StateEvents;
  execute(run: StateContext, thread: ThreadState, state: S): Outcome | Promise<Outcome>;
  /** The answer to the call of an `invoke` intent. */
  resume?(run: StateContext, thread: ThreadState, state: S, answer: TaskAnswer): Outcome | Promise<Outcome>;
  /** The call was accepted, taken by a worker, or sent a heartbeat. */
  progress?(run: StateContext, thread: ThreadState, state: S, progress: TaskProgress): void;
  /** A child of a `fork` intent ended. */
  onChildEnded?(
    run: StateContext,
    parent: ThreadState,
    state: S,
    child: ThreadState,
    end: ThreadEnd,
  ): Outcome | Promise<Outcome>;
  /** The state is aborted while it waits: stop what the engine does not (the children of a fork). */
  abort?(run: StateContext, thread: ThreadState, state: S): void;
  /** A timer of a `wait` intent, or a timeout of an `invoke` intent's call, fired. */
  fireTimer?(run: StateContext, thread: ThreadState, state: S, timer: FiredTimer): Outcome | Promise<Outcome>;
}
