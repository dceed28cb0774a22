// The engine's contract: what step() takes (inputs, injected context), keeps (execution state, plain JSON)
// and gives back (history events in AWS's shape, and commands for the runtime to perform).

import type { EvaluationServices } from '../expressions/scope.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import type { TaskPattern } from '../asl/resource-arn.ts';
import type { HistoryEvent } from './history-event.ts';

/** Everything non-deterministic the engine needs, injected so that step() stays pure and replayable. */
export interface EngineContext {
  /** Milliseconds since the epoch. */
  now(): number;
  services: EvaluationServices;
  /**
   * Whether an activity exists, asked when a Task is about to schedule one (AWS fails the state with
   * States.Runtime when it does not). Absent: every activity is taken to exist.
   */
  activityExists?: (activityArn: string) => boolean | Promise<boolean>;
  /** The quota on an execution's history: AWS's 25,000 events when absent (`serve --max-history-events`). */
  maxHistoryEvents?: number;
  /** Reads an inline Map's results that the runtime keeps in its store only. Absent: none are. */
  mapParts?: MapPartsReader;
}

/**
 * An inline Map's results kept out of the state by the runtime once stored, so that a running Map holds only
 * its live iterations in memory: a hole (an absent index) in `MapPending.results` is in the store.
 */
export interface MapPartsReader {
  /** The results the store holds for the Map of thread `threadId`, by index. */
  results(threadId: string): Promise<Map<number, Payload>>;
}

/** Who is running: fixed at StartExecution, visible through the context object `$$`. */
export interface ExecutionInfo {
  executionArn: string;
  name: string;
  roleArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  redriveCount?: number;
  /** Express executions cannot be redriven, so their context object has no RedriveCount. */
  express?: boolean;
}

/** What happens to an execution, fed into step() one at a time. */
export type EngineInput =
  | { type: 'StartExecution'; input: string; execution: ExecutionInfo }
  | { type: 'TimerFired'; timerId: string }
  | { type: 'TaskSucceeded'; taskId: string; output: string }
  | { type: 'TaskFailed'; taskId: string; error: string; cause?: string }
  | { type: 'StopExecution'; error?: string; cause?: string }
  /** Fails the execution from outside its states (its state machine was deleted): ExecutionFailed. */
  | { type: 'FailExecution'; error: string; cause: string }
  /** Continue a FAILED, TIMED_OUT or ABORTED execution from the states that did not finish. */
  | { type: 'RedriveExecution'; redriveTime: number }
  /** The integration accepted a `.waitForTaskToken` or `.sync` task; `output` is its response. */
  | { type: 'TaskSubmitted'; taskId: string; output: string }
  /** A worker took an activity task (GetActivityTask). */
  | { type: 'TaskStarted'; taskId: string; workerName?: string }
  /** SendTaskHeartbeat: the task's HeartbeatSeconds clock starts again. */
  | { type: 'TaskHeartbeat'; taskId: string }
  /** A Distributed Map's run ended: its children (executions of their own) all ended, or too many failed. */
  | { type: 'MapRunEnded'; mapRunArn: string; outcome: MapRunOutcome };

/** A unit of work handed to the world outside: a Task state's call. */
export interface TaskInvocation {
  taskId: string;
  /** The state's Resource ARN as written in the definition. */
  resource: string;
  /** The effective parameters (after InputPath and Parameters). */
  input: JsonValue;
  /**
   * `input` as JSON text, as the Scheduled event records it and a function receives it: when no InputPath
   * or Parameters changed the state's input, its text made compact with every token as written.
   */
  inputText?: string;
  stateName: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** For `.waitForTaskToken`, `.sync` and activity tasks: the token SendTaskSuccess/Failure/Heartbeat name. */
  taskToken?: string;
  /**
   * Set when a Distributed Map, not a Task, asks: `itemReader` gets the object's text (getObject, as a JSON
   * string) or the listed objects (listObjectsV2, a JSON array); `resultWriter` puts `input.Objects`
   * (`{ Key, Body }`) into `input.Bucket`.
   */
  mapRun?: 'itemReader' | 'resultWriter';
}

/** What the runtime must do after step() returns. Ids make every command idempotent. */
export type Command =
  | { type: 'StartTimer'; timerId: string; dueTime: number }
  | { type: 'CancelTimer'; timerId: string }
  | { type: 'InvokeTask'; invocation: TaskInvocation }
  | { type: 'CancelTask'; taskId: string }
  /** Run a Distributed Map's children as executions of their own; MapRunEnded answers. */
  | { type: 'StartMapRun'; mapRun: MapRunSpec }
  /** The Map was aborted: stop its run's children. */
  | { type: 'StopMapRun'; mapRunArn: string };

/**
 * A Distributed Map's run as the engine hands it to the runtime: one child execution per input, at most
 * `maxConcurrency` at once (0: no limit), until all ended or the failures exceed the tolerance.
 */
export interface MapRunSpec {
  mapRunArn: string;
  /** The children's state machine: the ItemProcessor as a definition (JSON text). */
  definition: string;
  executionType: 'STANDARD' | 'EXPRESS';
  /** The role the children run with: the parent execution's. */
  roleArn: string;
  /** Each child's input: an item through ItemSelector, or a batch. */
  inputs: JsonValue[];
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  /**
   * Set when the parent's redrive redrives this run (the same ARN): its failed and unfinished children run
   * again, the others keep their results.
   */
  redriveCount?: number;
  /**
   * The Map's ResultWriter writes the results to S3: the runtime streams them from the run's children
   * (outcome `inStore`), so the outcome carries none and no one holds them all in memory.
   */
  resultsStay?: boolean;
}

/**
 * How a map run ended. SUCCEEDED: every child ended and the failures stayed within the tolerance;
 * `outputs` are the children's output texts in item order (null for a failed child), `failures` the
 * failed children's errors by index. FAILED: the tolerance was exceeded (the rest were stopped).
 */
export type MapRunOutcome =
  | {
      status: 'SUCCEEDED';
      outputs: (string | null)[];
      failures: Record<number, { error: string; cause?: string }>;
      /** The results were left with the children (the spec's `resultsStay`): `outputs` is empty. */
      inStore?: boolean;
    }
  | { status: 'FAILED' };

export type * from './history-event.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StepResult {
  state: ExecutionState;
  events: HistoryEvent[];
  commands: Command[];
}

/** A JSON value with its JSON text, computed once; AWS keeps untouched input text verbatim. */
export interface Payload {
  value: JsonValue;
  text: string;
}

/** The whole state of one execution: plain JSON, so the runtime can persist it as it is. */
export interface ExecutionState {
  status: ExecutionStatus;
  execution: ExecutionInfo;
  startTime: number;
  input: Payload;
  nextEventId: number;
  /** Counter for timer and task ids, which must be deterministic. */
  nextId: number;
  threads: Record<string, ThreadState>;
  output?: string;
  error?: string;
  cause?: string;
  stopTime?: number;
  /**
   * Failed or aborted branches and iterations whose Parallel or Map is still deciding (it may yet retry,
   * catch or tolerate the failure), by thread id. Kept so that a redrive can continue them.
   */
  unfinishedThreads?: Record<string, ThreadSnapshot>;
  /** The top-level thread as it stood when the execution ended unsuccessfully: where a redrive resumes. */
  redrivePoint?: ThreadSnapshot;
  /** The timer that continues the threads waiting with a `yield` pending (see limits.ts), when any do. */
  yieldTimerId?: string;
  /** TestState only: the context object `$$` exactly as the caller gave it, instead of the one built here. */
  fixedContext?: JsonObject;
  /** TestState only: the variables the top-level thread starts with. */
  initialVariables?: Record<string, JsonValue>;
}

/** One path of control through a States block: the top level, a Parallel branch or a Map iteration. */
export interface ThreadState {
  id: string;
  /** JSON pointer of the States block in the definition ('' for the top level). */
  block: string;
  parent?: { threadId: string; index: number };
  /** False for the iterations of a distributed Map, which AWS records as child executions. */
  recorded: boolean;
  stateName: string;
  /** The current state's raw input. */
  input: Payload;
  /** previousEventId of the next event this thread records. */
  cursor: number;
  enteredEventId: number;
  enteredTime: number;
  /** Attempts made so far, per retrier of the current state. */
  retries: number[];
  mapItem?: { index: number; value: JsonValue };
  pending?: Pending;
  /** previousEventId of the current state's Entered event (AWS links EvaluationFailed to it). */
  enteredCursor?: number;
  /** Variables this thread assigned; a child thread also sees its parent's, read-only. */
  variables?: Record<string, JsonValue>;
  /** The task token of the Task state being executed (`$$.Task.Token`), when its pattern has one. */
  taskToken?: string;
  /** Set on a redriven Parallel or Map: what its branches or iterations achieved before. */
  redrive?: ChildrenSnapshot;
}

/** A thread that did not finish, kept for a redrive: where it stood and what its children achieved. */
export interface ThreadSnapshot {
  id: string;
  block: string;
  parent?: { threadId: string; index: number };
  recorded: boolean;
  stateName: string;
  input: Payload;
  variables?: Record<string, JsonValue>;
  children?: ChildrenSnapshot;
}

/** A Parallel's or Map's children when it stopped: the results of those that succeeded, the others' snapshots. */
export interface ChildrenSnapshot {
  results: (Payload | null)[];
  /** By branch or item index. */
  threads: Record<number, ThreadSnapshot>;
  /** A Distributed Map's run and how often it was redriven: a redrive redrives that run, as AWS does. */
  mapRun?: { arn: string; redriveCount: number };
}

/** What a blocked thread waits for. */
export type Pending =
  | { kind: 'wait'; timerId: string }
  | { kind: 'retry'; timerId: string }
  /** Runnable, but its step had entered its quota of states: the execution's yield timer continues it. */
  | { kind: 'yield'; order: number }
  | TaskPending
  | ParallelPending
  | MapPending;

/** A Parallel waiting for its branches. */
export interface ParallelPending {
  kind: 'parallel';
  children: string[];
  results: (Payload | null)[];
  remaining: number;
}

export interface MapPending {
  kind: 'map';
  /** The Map's effective input, which ItemSelector sees as `$`. */
  input: JsonValue;
  items: JsonValue[];
  results: (Payload | null)[];
  nextIndex: number;
  /** Iterations started and not yet ended (their ids derive from the index: see mapChildIds). */
  running: number;
  /** 0: no limit (kept as 0, not Infinity, which JSON cannot hold: the state is persisted as JSON). */
  maxConcurrency: number;
  failures: number;
  completed: number;
  toleratedCount: number | undefined;
  toleratedPercentage: number | undefined;
  distributed: boolean;
  mapRunArn?: string;
  /** How often its map run was redriven (absent: never). */
  mapRunRedriveCount?: number;
  /** On a redrive: the iterations that did not finish, to continue where they stopped. */
  redrive?: Record<number, ThreadSnapshot>;
  /** ItemBatcher: the items are batches, already through ItemSelector. */
  batched?: boolean;
  /** ItemReader: at most this many items are read (MaxItems). */
  readerLimit?: number;
  /** A Distributed Map: its children run as a map run (StartMapRun sent, MapRunEnded not yet come). */
  childrenRunning?: boolean;
  /** The ItemReader's or ResultWriter's call the Map waits for. */
  mapRunTask?: { taskId: string; purpose: 'itemReader' | 'resultWriter' };
  /** ResultWriter: the failures of the iterations that failed within the tolerance, by index. */
  failed?: Record<number, { error: string; cause?: string }>;
  /** ResultWriter: the Map's output once the results are written. */
  writtenOutput?: JsonObject;
  /** ResultWriter: the children's results stayed in the runtime's store, which writes them from there. */
  resultsInStore?: boolean;
}

/** A Task waiting for its answer (and, for callbacks and activities, for the worker or the integration). */
export interface TaskPending {
  kind: 'task';
  taskId: string;
  resource: string;
  style: TaskStyle;
  pattern: TaskPattern;
  /** The TimeoutSeconds timer. */
  timerId?: string;
  /** The HeartbeatSeconds timer running now (a new id each time a heartbeat restarts it). */
  heartbeatTimerId?: string;
  heartbeatSeconds?: number;
}

/**
 * How a Task's history events are named: legacy Lambda ARNs get Lambda* events, activities Activity*
 * events, the rest Task* events.
 */
export type TaskStyle = 'lambda' | 'task' | 'activity';

export type { TaskPattern };
