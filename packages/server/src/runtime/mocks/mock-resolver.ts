// Answers a Task from a mock configuration: given the state machine, the test case, the state and how
// many times that state has been invoked in the execution, the mocked result or failure.

import type { TaskResult } from '@stepwise/core';
import { MockConfigError, type MockConfig, type MockedResponse } from './mock-config.ts';

export interface MockLookup {
  stateMachine: string;
  testCase: string;
  state: string;
  /** How many times this state was invoked before in this execution (0 for the first call, retries count). */
  invocation: number;
}

/** A mocked Task's result in the shape the engine takes: `Return` as output JSON text, `Throw` as a failure. */
export type MockResult = TaskResult;

/**
 * The mocked result for one invocation, or undefined when the test case does not mock this state (the Task
 * then runs for real). Past the last numbered entry the last entry answers again. Throws MockConfigError
 * when the state machine or the test case is not in the configuration.
 */
export function resolveMock(config: MockConfig, lookup: MockLookup): MockResult | undefined {
  const states = testCaseStates(config, lookup.stateMachine, lookup.testCase);
  const responseName = states[lookup.state];
  if (responseName === undefined) return undefined;
  const ranges = config.mockedResponses[responseName] ?? [];
  const range = ranges.find((candidate) => lookup.invocation <= candidate.to) ?? ranges.at(-1);
  return range === undefined ? undefined : resultOf(range.response);
}

/** The state → mocked response map of a test case; a clear error when either name is unknown. */
export function testCaseStates(config: MockConfig, stateMachine: string, testCase: string): Record<string, string> {
  const cases = config.stateMachines[stateMachine];
  if (cases === undefined) {
    const known = Object.keys(config.stateMachines).join(', ') || 'none';
    throw new MockConfigError(config.file, [
      { pointer: '/StateMachines', message: `no state machine named '${stateMachine}' (defined: ${known})` },
    ]);
  }
  const states = cases[testCase];
  if (states === undefined) {
    const known = Object.keys(cases).join(', ') || 'none';
    throw new MockConfigError(config.file, [
      {
        pointer: `/StateMachines/${stateMachine.replaceAll('~', '~0').replaceAll('/', '~1')}/TestCases`,
        message: `no test case named '${testCase}' (defined: ${known})`,
      },
    ]);
  }
  return states;
}

/**
 * The mocks of one execution of a test case: counts each state's invocations, as Step Functions Local
 * does, so that retries walk through the numbered entries.
 */
export class MockedExecution {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly config: MockConfig,
    private readonly stateMachine: string,
    private readonly testCase: string,
  ) {
    testCaseStates(config, stateMachine, testCase);
  }

  /** The mocked result of the next invocation of `state`, or undefined when the state is not mocked. */
  next(state: string): MockResult | undefined {
    const invocation = this.counts.get(state) ?? 0;
    const lookup = { stateMachine: this.stateMachine, testCase: this.testCase, state, invocation };
    const result = resolveMock(this.config, lookup);
    if (result !== undefined) this.counts.set(state, invocation + 1);
    return result;
  }
}

function resultOf(response: MockedResponse): MockResult {
  if ('Return' in response) return { output: JSON.stringify(response.Return) };
  const { Error: error, Cause: cause } = response.Throw;
  return cause === undefined ? { error } : { error, cause };
}
