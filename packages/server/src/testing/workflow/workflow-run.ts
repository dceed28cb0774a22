// One finished test run of a workflow: its status, output or error, the path it took and each state's input
// and output read from its history, with assertions that say what happened when they fail. They throw
// node:assert's AssertionError, which node:test, Jest and Vitest all report with a diff.

import { AssertionError } from 'node:assert';
import { isDeepStrictEqual } from 'node:util';
import type { ExecutionStatus, HistoryEvent, JsonValue } from '@stepwise/core';

/** One time a state was entered: its input, and its output once it left (undefined while it had not). */
export interface StateVisit {
  input: JsonValue;
  output?: JsonValue;
}

/** A line a local function wrote to stdout or stderr during the run. */
export interface FunctionLog {
  functionName: string;
  line: string;
}

export interface RunRecord {
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
  logs: FunctionLog[];
}

interface Details {
  name: string;
  input?: string;
  output?: string;
}

export class WorkflowRun {
  readonly status: ExecutionStatus;
  /** The execution's output (parsed), undefined unless it succeeded. */
  readonly output: JsonValue | undefined;
  readonly error: string | undefined;
  readonly cause: string | undefined;
  /** The history, as GetExecutionHistory would return it. */
  readonly events: readonly HistoryEvent[];
  readonly logs: readonly FunctionLog[];
  /** The names of the states entered, in the order they were entered (branches and iterations included). */
  readonly path: readonly string[];
  private readonly visitsByState = new Map<string, StateVisit[]>();

  constructor(record: RunRecord) {
    this.status = record.status;
    this.output = record.output === undefined ? undefined : (JSON.parse(record.output) as JsonValue);
    this.error = record.error;
    this.cause = record.cause;
    this.events = record.events;
    this.logs = record.logs;
    this.path = this.readVisits(record.events);
  }

  /** Every visit of `state`, in order (empty when it was never entered). */
  visits(state: string): readonly StateVisit[] {
    return this.visitsByState.get(state) ?? [];
  }

  /** The first visit of `state` (the `nth`, from 0); fails, naming the path taken, when there is none. */
  state(state: string, nth = 0): StateVisit {
    const visit = this.visits(state)[nth];
    if (visit !== undefined) return visit;
    const times = this.visits(state).length;
    const seen = times === 0 ? 'never entered' : `entered ${String(times)} time(s)`;
    throw fail(`state '${state}' was ${seen}; the path was ${this.describePath()}`, undefined, state);
  }

  expectSucceeded(output?: JsonValue): this {
    if (this.status !== 'SUCCEEDED') {
      throw fail(`expected the execution to succeed, but it ${this.describeEnd()}`, this.status, 'SUCCEEDED');
    }
    if (output !== undefined && !isDeepStrictEqual(this.output, output)) {
      throw fail('the execution succeeded with another output', this.output, output);
    }
    return this;
  }

  /** The execution failed (or timed out, or was aborted) with this error and, when given, a cause matching. */
  expectFailed(error?: string, cause?: string | RegExp): this {
    if (this.status === 'SUCCEEDED' || this.status === 'RUNNING') {
      throw fail(`expected the execution to fail, but it ${this.describeEnd()}`, this.status, 'FAILED');
    }
    if (error !== undefined && this.error !== error) {
      throw fail(`the execution failed with another error (cause: ${String(this.cause)})`, this.error, error);
    }
    if (cause !== undefined && !matches(this.cause, cause)) {
      throw fail(`the execution failed with error ${String(this.error)} and another cause`, this.cause, cause);
    }
    return this;
  }

  /** The states entered are exactly these, in this order. */
  expectPath(path: readonly string[]): this {
    if (!isDeepStrictEqual(this.path, path)) throw fail('the execution took another path', this.path, path);
    return this;
  }

  /** The path passes through these states in this order, other states allowed between them. */
  expectPathThrough(states: readonly string[]): this {
    let at = 0;
    for (const name of states) {
      const found = this.path.indexOf(name, at);
      if (found < 0) {
        throw fail(
          `the path does not pass through '${name}' after ${at === 0 ? 'its start' : `'${String(this.path[at - 1])}'`}: ${this.describePath()}`,
          this.path,
          states,
        );
      }
      at = found + 1;
    }
    return this;
  }

  expectNotEntered(state: string): this {
    if (this.visits(state).length > 0) throw fail(`'${state}' was entered: ${this.describePath()}`, this.path, state);
    return this;
  }

  /** A state's input and/or output on its first visit (the `nth` with `nth`) are these. */
  expectState(state: string, expected: Partial<StateVisit>, nth = 0): this {
    const visit = this.state(state, nth);
    for (const field of ['input', 'output'] as const) {
      if (!(field in expected) || isDeepStrictEqual(visit[field], expected[field])) continue;
      throw fail(`state '${state}' had another ${field}`, visit[field], expected[field]);
    }
    return this;
  }

  private readVisits(events: readonly HistoryEvent[]): string[] {
    const path: string[] = [];
    const open = new Map<number, StateVisit>();
    const byId = new Map(events.map((event) => [event.id, event]));
    for (const event of events) {
      const entered = detailsOf(event, 'stateEnteredEventDetails');
      if (entered !== undefined) {
        const visit: StateVisit = { input: parse(entered.input) };
        path.push(entered.name);
        this.visitsByState.set(entered.name, [...this.visits(entered.name), visit]);
        open.set(event.id, visit);
        continue;
      }
      const exited = detailsOf(event, 'stateExitedEventDetails');
      if (exited === undefined) continue;
      const visit =
        enteringVisit(event, byId, open, exited.name) ??
        this.visits(exited.name)
          .filter((candidate) => !('output' in candidate))
          .at(-1);
      if (visit !== undefined) visit.output = parse(exited.output);
    }
    return path;
  }

  private describePath(): string {
    return this.path.length === 0 ? '(no state entered)' : this.path.join(' → ');
  }

  private describeEnd(): string {
    if (this.status === 'SUCCEEDED') return 'succeeded';
    if (this.status === 'RUNNING') return 'is still running (nothing more was due)';
    const cause = this.cause === undefined ? '' : `: ${this.cause}`;
    return `ended ${this.status} with ${String(this.error)}${cause} after ${this.describePath()}`;
  }
}

/** The visit an exit closes: follow previousEventId back to the StateEntered of the same name. */
function enteringVisit(
  exit: HistoryEvent,
  byId: ReadonlyMap<number, HistoryEvent>,
  open: ReadonlyMap<number, StateVisit>,
  name: string,
): StateVisit | undefined {
  for (let event = byId.get(exit.previousEventId); event !== undefined; event = byId.get(event.previousEventId)) {
    const entered = detailsOf(event, 'stateEnteredEventDetails');
    if (entered?.name === name) return open.get(event.id);
    if (event.previousEventId === 0) break;
  }
  return undefined;
}

function detailsOf(event: HistoryEvent, key: string): Details | undefined {
  // Each event type has its own details member: read the one asked for by name.
  const details = (event as unknown as Record<string, unknown>)[key];
  return typeof details === 'object' && details !== null ? (details as Details) : undefined;
}

function parse(text: string | undefined): JsonValue {
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

function matches(text: string | undefined, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? text === expected : text !== undefined && expected.test(text);
}

function fail(message: string, actual: unknown, expected: unknown): AssertionError {
  return new AssertionError({ message, actual, expected, operator: 'deepStrictEqual' });
}
