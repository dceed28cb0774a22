// The mocks of one test run: per-state responses given inline (one response, or one per invocation) and a
// test case of a Step Functions Local MockConfigFile, in the same Return/Throw vocabulary; inline wins.

import type { JsonValue, TaskResult } from '@stepwise/core';
import {
  loadMockConfig,
  MockConfigError,
  MockedExecution,
  parseMockConfig,
  type MockConfig,
} from '../../runtime/mocks/index.ts';

/** A mocked Task response, as a MockConfigFile writes one. */
export type MockResponse = { Return: JsonValue } | { Throw: { Error: string; Cause?: string } };

/** State name → its response, or its responses in invocation order (the last one answers again after). */
export type InlineMocks = Readonly<Record<string, MockResponse | readonly MockResponse[]>>;

/** A MockConfigFile: its path, its JSON text's parsed value, or a parsed configuration. */
export type MockConfigSource = string | Record<string, unknown>;

export function readMockConfig(source: MockConfigSource): MockConfig {
  if (typeof source === 'string') return loadMockConfig(source);
  return parseMockConfig(JSON.stringify(source), '(mock configuration object)');
}

/** Answers invocations of mocked states, counting each state's calls as Step Functions Local does. */
export class TestMocks {
  private readonly counts = new Map<string, number>();
  private readonly fromConfig: MockedExecution | undefined;

  constructor(
    private readonly inline: InlineMocks,
    config: MockConfig | undefined,
    stateMachine: string,
    testCase: string | undefined,
  ) {
    checkInline(inline);
    if (testCase !== undefined && config === undefined)
      throw new Error(`test case '${testCase}' was asked for, but the workflow has no mockConfig`);
    this.fromConfig =
      config === undefined || testCase === undefined ? undefined : new MockedExecution(config, stateMachine, testCase);
  }

  /** The mocked result of the next invocation of `state`, or undefined when it runs for real. */
  next(state: string): TaskResult | undefined {
    const mock = this.inline[state];
    if (mock === undefined) return this.fromConfig?.next(state);
    const invocation = this.counts.get(state) ?? 0;
    this.counts.set(state, invocation + 1);
    const responses: readonly MockResponse[] = Array.isArray(mock) ? mock : [mock as MockResponse];
    const response = responses[Math.min(invocation, responses.length - 1)];
    if (response === undefined) throw new Error(`the mock of '${state}' lists no response`);
    if ('Return' in response) return { output: JSON.stringify(response.Return) };
    const { Error: error, Cause: cause } = response.Throw;
    return cause === undefined ? { error } : { error, cause };
  }
}

/** Inline mocks use the MockConfigFile's rules, so a typo is reported with the state it belongs to. */
function checkInline(inline: InlineMocks): void {
  const mockedResponses: Record<string, Record<string, unknown>> = {};
  for (const [state, mock] of Object.entries(inline)) {
    const responses: readonly unknown[] = Array.isArray(mock) ? mock : [mock];
    mockedResponses[state] = Object.fromEntries(responses.map((response, index) => [String(index), response]));
  }
  try {
    parseMockConfig(JSON.stringify({ StateMachines: {}, MockedResponses: mockedResponses }), 'inline mocks');
  } catch (error) {
    if (!(error instanceof MockConfigError)) throw error;
    const lines = error.problems.map(
      (problem) => problem.pointer.replace(/^\/MockedResponses\//, '') + ': ' + problem.message,
    );
    throw new Error(`bad inline mocks (state/invocation: problem):\n${lines.join('\n')}`);
  }
}
