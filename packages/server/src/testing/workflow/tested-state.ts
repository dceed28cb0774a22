// TestState for one state, as the test kit offers it: the request's options with JSON values rather than
// JSON text, and the answer parsed, with assertions that name the state when they fail.

import { AssertionError } from 'node:assert';
import { isDeepStrictEqual } from 'node:util';
import type {
  InspectionData,
  InspectionLevel,
  JsonObject,
  JsonValue,
  TestStateConfiguration,
  TestStateRequest,
  TestStateResponse,
  TestStateStatus,
} from '@stepwise/core';

export interface TestStateOptions {
  /** The Task's result instead of calling it, or the error it raises. */
  mock?: { result: JsonValue } | { error: string; cause?: string };
  variables?: JsonObject;
  /** The context object (`$$`). */
  context?: JsonObject;
  inspectionLevel?: InspectionLevel;
  stateConfiguration?: TestStateConfiguration;
  /** The time the state runs at, epoch milliseconds. */
  now?: number;
}

export class TestedState {
  readonly status: TestStateStatus;
  readonly output: JsonValue | undefined;
  readonly error: string | undefined;
  readonly cause: string | undefined;
  readonly nextState: string | undefined;
  readonly inspectionData: InspectionData | undefined;

  static request(options: TestStateOptions): Omit<TestStateRequest, 'definition'> {
    const request: Omit<TestStateRequest, 'definition'> = { inspectionLevel: options.inspectionLevel ?? 'DEBUG' };
    const { mock } = options;
    if (mock !== undefined) {
      request.mock =
        'result' in mock
          ? { result: JSON.stringify(mock.result) }
          : { errorOutput: { error: mock.error, ...(mock.cause === undefined ? {} : { cause: mock.cause }) } };
    }
    if (options.variables !== undefined) request.variables = options.variables;
    if (options.context !== undefined) request.context = options.context;
    if (options.stateConfiguration !== undefined) request.stateConfiguration = options.stateConfiguration;
    return request;
  }

  constructor(
    readonly stateName: string,
    response: TestStateResponse,
  ) {
    this.status = response.status;
    this.output = response.output === undefined ? undefined : (JSON.parse(response.output) as JsonValue);
    this.error = response.error;
    this.cause = response.cause;
    this.nextState = response.nextState;
    this.inspectionData = response.inspectionData;
  }

  /** The state succeeded, going to `nextState` (undefined: it ends the execution) with `output` when given. */
  expectNext(nextState: string | undefined, output?: JsonValue): this {
    if (this.status !== 'SUCCEEDED') {
      throw fail(
        `'${this.stateName}' ended ${this.status}: ${String(this.error)} ${String(this.cause)}`,
        this.status,
        'SUCCEEDED',
      );
    }
    if (this.nextState !== nextState) throw fail(`'${this.stateName}' went elsewhere`, this.nextState, nextState);
    if (output !== undefined && !isDeepStrictEqual(this.output, output)) {
      throw fail(`'${this.stateName}' had another output`, this.output, output);
    }
    return this;
  }

  /** The state ended with this status (FAILED, RETRIABLE, CAUGHT_ERROR) and error. */
  expectError(status: Exclude<TestStateStatus, 'SUCCEEDED'>, error: string): this {
    if (this.status !== status || this.error !== error) {
      const actual = { status: this.status, error: this.error };
      throw fail(`'${this.stateName}' ended otherwise (cause: ${String(this.cause)})`, actual, { status, error });
    }
    return this;
  }
}

function fail(message: string, actual: unknown, expected: unknown): AssertionError {
  return new AssertionError({ message, actual, expected, operator: 'deepStrictEqual' });
}
