// `stepwise test-state DEFINITION.json`: runs one state with core's testState and prints AWS's TestState
// response as JSON. Exit code: 0 when the state succeeded, caught or will retry; 1 FAILED; 2 refused.

import { readFileSync } from 'node:fs';
import { testState, type InspectionLevel, type TestStateMock, type TestStateRequest } from '@stepwise/core';
import { nodeServices } from '../runtime/services.ts';
import { parseArgs, stringOption, UsageError, type ParsedArgs } from './args.ts';
import type { Io } from './io.ts';

const valued = [
  'state',
  'input',
  'input-file',
  'variables',
  'inspection-level',
  'mock-result',
  'mock-error',
  'mock-cause',
  'field-validation-mode',
  'context',
  'role-arn',
];
const levels: readonly string[] = ['INFO', 'DEBUG', 'TRACE'];
const validationModes: readonly string[] = ['STRICT', 'PRESENT', 'NONE'];

export async function testStateCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, [], valued);
  const file = args.positional[0];
  if (file === undefined)
    throw new UsageError('test-state needs a definition file: stepwise test-state DEFINITION.json');
  const request = requestFrom(args, readFileSync(file, 'utf8'));
  const result = await testState(request, { now: () => Date.now(), evaluation: nodeServices });
  if (result.kind === 'rejected') {
    io.err(`stepwise: ${result.code}: ${result.message}`);
    return 2;
  }
  io.out(JSON.stringify(result.response, null, 2));
  return result.response.status === 'FAILED' ? 1 : 0;
}

function requestFrom(args: ParsedArgs, definition: string): TestStateRequest {
  const request: TestStateRequest = { definition, inspectionLevel: level(stringOption(args, 'inspection-level')) };
  const inputFile = stringOption(args, 'input-file');
  const input = stringOption(args, 'input');
  if (input !== undefined && inputFile !== undefined) throw new UsageError('give --input or --input-file, not both');
  const inputText = inputFile === undefined ? input : readFileSync(inputFile, 'utf8');
  if (inputText !== undefined) request.input = json(inputText, 'input');
  const state = stringOption(args, 'state');
  if (state !== undefined) request.stateName = state;
  const variables = stringOption(args, 'variables');
  if (variables !== undefined) request.variables = json(variables, 'variables');
  const context = stringOption(args, 'context');
  if (context !== undefined) request.context = json(context, 'context');
  const roleArn = stringOption(args, 'role-arn');
  if (roleArn !== undefined) request.roleArn = roleArn;
  const mock = mockFrom(args);
  if (mock !== undefined) request.mock = mock;
  return request;
}

function mockFrom(args: ParsedArgs): TestStateMock | undefined {
  const result = stringOption(args, 'mock-result');
  const error = stringOption(args, 'mock-error');
  const cause = stringOption(args, 'mock-cause');
  if (result !== undefined && (error !== undefined || cause !== undefined)) {
    throw new UsageError('give --mock-result or --mock-error/--mock-cause, not both');
  }
  const mode = validationMode(stringOption(args, 'field-validation-mode'));
  if (mode !== undefined && result === undefined) throw new UsageError('--field-validation-mode needs --mock-result');
  if (result !== undefined) return { result, ...(mode === undefined ? {} : { fieldValidationMode: mode }) };
  if (error === undefined && cause === undefined) return undefined;
  return { errorOutput: { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) } };
}

function level(value: string | undefined): InspectionLevel {
  if (value === undefined) return 'INFO';
  const upper = value.toUpperCase();
  if (!levels.includes(upper)) throw new UsageError(`--inspection-level must be INFO, DEBUG or TRACE, not ${value}`);
  return upper as InspectionLevel;
}

function validationMode(value: string | undefined): TestStateMock['fieldValidationMode'] {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!validationModes.includes(upper)) {
    throw new UsageError(`--field-validation-mode must be STRICT, PRESENT or NONE, not ${value}`);
  }
  return upper as TestStateMock['fieldValidationMode'];
}

/** Checks that an option holds JSON (a clear usage error beats a ValidationException about it). */
function json(text: string, option: string): string {
  try {
    JSON.parse(text);
  } catch {
    throw new UsageError(`--${option} is not valid JSON`);
  }
  return text;
}
