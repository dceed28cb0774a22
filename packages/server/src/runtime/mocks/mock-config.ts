// AWS Step Functions Local's mock configuration file (MockConfigFile.json): test cases per state machine
// that map state names to mocked responses, and mocked responses as `Return` or `Throw` per invocation
// ("0", "1-3"). Parsed once, checked whole; every problem is reported with the file and a JSON pointer.

import { readFileSync } from 'node:fs';
import type { JsonValue } from '@stepwise/core';

export type MockedResponse = { Return: JsonValue } | { Throw: { Error: string; Cause?: string } };

/** One entry of a mocked response: the response for invocations `from` to `to` (0-based, inclusive). */
export interface MockedResponseRange {
  from: number;
  to: number;
  response: MockedResponse;
}

export interface MockConfig {
  file: string;
  /** State machine name → test case name → state name → mocked response name. */
  stateMachines: Record<string, Record<string, Record<string, string>>>;
  /** Mocked response name → its ranges, in invocation order, consecutive from 0. */
  mockedResponses: Record<string, MockedResponseRange[]>;
}

export interface MockConfigProblem {
  pointer: string;
  message: string;
}

export class MockConfigError extends Error {
  override name = 'MockConfigError';

  constructor(
    readonly file: string,
    readonly problems: readonly MockConfigProblem[],
  ) {
    super(problems.map((problem) => `${file}: ${problem.pointer || '/'}: ${problem.message}`).join('\n'));
  }
}

export function loadMockConfig(file: string): MockConfig {
  return parseMockConfig(readFileSync(file, 'utf8'), file);
}

/** Parses and checks a mock configuration; throws MockConfigError listing every problem. */
export function parseMockConfig(text: string, file: string): MockConfig {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new MockConfigError(file, [{ pointer: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  const problems: MockConfigProblem[] = [];
  const report = (pointer: string, message: string): void => {
    problems.push({ pointer, message });
  };
  const config: MockConfig = { file, stateMachines: {}, mockedResponses: {} };
  const top = objectAt(root, '', report);
  if (top !== undefined) {
    allowOnly(top, '', ['StateMachines', 'MockedResponses'], report);
    config.mockedResponses = parseResponses(top.MockedResponses, '/MockedResponses', report);
    config.stateMachines = parseStateMachines(top.StateMachines, '/StateMachines', report);
    checkReferences(config, report);
  }
  if (problems.length > 0) throw new MockConfigError(file, problems);
  return config;
}

type Report = (pointer: string, message: string) => void;

function parseStateMachines(value: unknown, pointer: string, report: Report): MockConfig['stateMachines'] {
  const machines: MockConfig['stateMachines'] = {};
  for (const [name, machine] of entries(value, pointer, report)) {
    const at = `${pointer}/${escape(name)}`;
    const body = objectAt(machine, at, report);
    if (body === undefined) continue;
    allowOnly(body, at, ['TestCases'], report);
    const cases: Record<string, Record<string, string>> = {};
    for (const [caseName, testCase] of entries(body.TestCases, `${at}/TestCases`, report)) {
      const caseAt = `${at}/TestCases/${escape(caseName)}`;
      const states: Record<string, string> = {};
      for (const [state, response] of entries(testCase, caseAt, report)) {
        if (typeof response === 'string') states[state] = response;
        else report(`${caseAt}/${escape(state)}`, 'must be the name of a mocked response (a string)');
      }
      cases[caseName] = states;
    }
    machines[name] = cases;
  }
  return machines;
}

function parseResponses(value: unknown, pointer: string, report: Report): MockConfig['mockedResponses'] {
  const responses: MockConfig['mockedResponses'] = {};
  for (const [name, body] of entries(value, pointer, report)) {
    const at = `${pointer}/${escape(name)}`;
    const ranges: MockedResponseRange[] = [];
    for (const [key, entry] of entries(body, at, report)) {
      const keyAt = `${at}/${escape(key)}`;
      const range = /^(\d+)(?:-(\d+))?$/.exec(key);
      if (range === null) {
        report(keyAt, `'${key}' is not an invocation number ("0") or range ("1-3")`);
        continue;
      }
      const from = Number(range[1]);
      const to = range[2] === undefined ? from : Number(range[2]);
      if (to < from) report(keyAt, `the range '${key}' ends before it starts`);
      const response = parseResponse(entry, keyAt, report);
      if (response !== undefined && to >= from) ranges.push({ from, to, response });
    }
    ranges.sort((a, b) => a.from - b.from);
    checkConsecutive(ranges, at, report);
    if (typeof body === 'object' && body !== null && Object.keys(body).length === 0) {
      report(at, 'a mocked response needs at least one entry, starting with "0"');
    }
    responses[name] = ranges;
  }
  return responses;
}

function parseResponse(value: unknown, pointer: string, report: Report): MockedResponse | undefined {
  const body = objectAt(value, pointer, report);
  if (body === undefined) return undefined;
  allowOnly(body, pointer, ['Return', 'Throw'], report);
  const hasReturn = 'Return' in body;
  const hasThrow = 'Throw' in body;
  if (hasReturn === hasThrow) {
    report(pointer, 'a response must have exactly one of Return or Throw');
    return undefined;
  }
  if (hasReturn) return { Return: body.Return as JsonValue };
  const thrown = objectAt(body.Throw, `${pointer}/Throw`, report);
  if (thrown === undefined) return undefined;
  allowOnly(thrown, `${pointer}/Throw`, ['Error', 'Cause'], report);
  if (typeof thrown.Error !== 'string') report(`${pointer}/Throw/Error`, 'Error must be a string');
  if (thrown.Cause !== undefined && typeof thrown.Cause !== 'string') {
    report(`${pointer}/Throw/Cause`, 'Cause must be a string');
  }
  if (typeof thrown.Error !== 'string') return undefined;
  return {
    Throw: typeof thrown.Cause === 'string' ? { Error: thrown.Error, Cause: thrown.Cause } : { Error: thrown.Error },
  };
}

/** Invocations are numbered from 0 without gaps or overlaps, as Step Functions Local requires. */
function checkConsecutive(ranges: MockedResponseRange[], pointer: string, report: Report): void {
  let next = 0;
  for (const range of ranges) {
    const key = range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
    if (range.from !== next) {
      const what =
        range.from < next
          ? `overlaps invocation ${range.from}`
          : `leaves invocations ${next}-${range.from - 1} undefined`;
      report(`${pointer}/${key}`, `'${key}' ${what}: entries must number invocations consecutively from 0`);
    }
    next = Math.max(next, range.to + 1);
  }
}

function checkReferences(config: MockConfig, report: Report): void {
  for (const [machine, cases] of Object.entries(config.stateMachines)) {
    for (const [caseName, states] of Object.entries(cases)) {
      for (const [state, response] of Object.entries(states)) {
        if (response in config.mockedResponses) continue;
        const pointer = `/StateMachines/${escape(machine)}/TestCases/${escape(caseName)}/${escape(state)}`;
        report(pointer, `no mocked response named '${response}' in MockedResponses`);
      }
    }
  }
}

function objectAt(value: unknown, pointer: string, report: Report): Record<string, unknown> | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  report(pointer, value === undefined ? 'is missing (an object is required)' : 'must be an object');
  return undefined;
}

function entries(value: unknown, pointer: string, report: Report): [string, unknown][] {
  const body = objectAt(value, pointer, report);
  return body === undefined ? [] : Object.entries(body);
}

function allowOnly(body: Record<string, unknown>, pointer: string, allowed: readonly string[], report: Report): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key))
      report(`${pointer}/${escape(key)}`, `unknown field '${key}' (expected ${allowed.join(' or ')})`);
  }
}

/** JSON pointer escaping (RFC 6901). */
function escape(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
