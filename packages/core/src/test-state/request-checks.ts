// TestState's request validation: the ValidationException and InvalidDefinition answers AWS gives before
// running anything, with AWS's messages.

import { parseResource } from '../asl/resource-arn.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/json-value.ts';
import { mockResultSchemaError } from './mock-result-schema.ts';
import type { TestStateRejection, TestStateRequest } from './types.ts';
import { jacksonReason } from '../json/jackson-parse-error.ts';

const mockableTypes = new Set(['Task', 'Map', 'Parallel']);

/** Checks that need only the request itself. */
export function checkRequestShape(request: TestStateRequest): TestStateRejection | undefined {
  const mock = request.mock;
  if (mock?.result !== undefined && mock.errorOutput !== undefined) {
    return invalid('A test mock should have only one of the following fields: [result, errorOutput].');
  }
  if (mock !== undefined && request.revealSecrets === true) {
    return invalid('TestState does not support RevealSecrets when a mock is specified.');
  }
  if (mock === undefined && request.stateConfiguration?.mapIterationFailureCount !== undefined) {
    return invalid('TestState does not support MapIterationFailureCount when a mock is not specified.');
  }
  return notJson('input', request.input) ?? notJson('variables', request.variables) ?? contextProblem(request.context);
}

/** A context that is not a JSON object cannot stand for `$$`: refused like its other problems. */
function contextProblem(context: TestStateRequest['context']): TestStateRejection | undefined {
  if (typeof context !== 'string') return undefined;
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(context) as JsonValue;
  } catch (error) {
    return invalid(`Invalid Context object provided: the context is not valid JSON (${jacksonReason(context, error)})`);
  }
  return isJsonObject(parsed)
    ? undefined
    : invalid('Invalid Context object provided: the context must be a JSON object');
}

/** Input or variables that are not JSON: InvalidExecutionInput naming the member, as StartExecution does. */
function notJson(member: 'input' | 'variables', text: unknown): TestStateRejection | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const reason = jacksonReason(text, error);
    const what = member === 'input' ? 'State Machine Execution Input' : 'variables';
    return { code: 'InvalidExecutionInput', message: `Invalid ${what}: '${reason}'` };
  }
}

/** Checks on the tested state against the request's mock, role and context. */
export function checkAgainstState(
  request: TestStateRequest,
  def: JsonObject,
  context: JsonObject | undefined,
): TestStateRejection | undefined {
  const type = typeof def.Type === 'string' ? def.Type : '';
  const mock = request.mock;
  if (mock !== undefined && !mockableTypes.has(type)) {
    return invalid(`State type '${type}' is not supported when a mock is specified`);
  }
  if (mock === undefined && (type === 'Map' || type === 'Parallel')) {
    const message =
      'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]';
    return { code: 'InvalidDefinition', message };
  }
  if (type === 'Task' && mock === undefined && request.roleArn === undefined) {
    return invalid('RoleArn must be specified when testing a Task state');
  }
  return (
    (context && checkContext(context, def)) ??
    (mock?.result === undefined ? undefined : checkMockResult(request, def, mock.result))
  );
}

function checkMockResult(request: TestStateRequest, def: JsonObject, text: string): TestStateRejection | undefined {
  let result: JsonValue;
  try {
    result = JSON.parse(text) as JsonValue;
  } catch {
    return invalid('Mocked result must be valid JSON');
  }
  if (def.Type === 'Task' && typeof def.Resource === 'string') {
    const problem = mockResultSchemaError(def.Resource, result, request.mock?.fieldValidationMode ?? 'STRICT');
    if (problem !== undefined) return invalid(problem);
  }
  if (def.Type === 'Parallel') {
    if (!Array.isArray(result)) return invalid('Mocked result must be an array.');
    const branches = Array.isArray(def.Branches) ? def.Branches.length : 0;
    if (result.length !== branches) {
      return invalid('Mocked result must contain the same number of items as number of Parallel branches.');
    }
  }
  if (def.Type === 'Map') {
    // With a ResultWriter the Map's result is the writer's summary object, not the items' results.
    if (def.ResultWriter !== undefined)
      return isJsonObject(result) ? undefined : invalid('Mocked result must be a JSON object.');
    if (!Array.isArray(result)) return invalid('Mocked result must be an array.');
    const failures = request.stateConfiguration?.mapIterationFailureCount;
    if (failures !== undefined && failures > result.length) {
      return invalid('Map iteration failure count must be less than or equal to the number of Map iterations');
    }
  }
  return undefined;
}

/** AWS's rules for a caller-supplied context object. */
function checkContext(context: JsonObject, def: JsonObject): TestStateRejection | undefined {
  const prefix = 'Invalid Context object provided: ';
  if ('Map' in context) return invalid(`${prefix}'Map' field is not supported when mocking a Context object`);
  const execution = context.Execution;
  if (isJsonObject(execution) && 'Id' in execution && typeof execution.Id !== 'string') {
    return invalid(`${prefix}Execution.Id must be a string`);
  }
  const resource = parseResource(typeof def.Resource === 'string' ? def.Resource : '');
  const suffix = resource.kind === 'integration' ? resource.suffix : '';
  const waits = def.Type === 'Task' && (suffix === '.sync' || suffix === '.waitForTaskToken');
  if ('Task' in context && !waits) {
    return invalid(
      `${prefix}Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern`,
    );
  }
  return undefined;
}

function invalid(message: string): TestStateRejection {
  return { code: 'ValidationException', message };
}
