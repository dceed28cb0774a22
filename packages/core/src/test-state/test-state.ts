// TestState as a pure function: runs one state of a definition with the engine's own state code and
// answers as AWS's TestState does (output, error, cause, nextState, status, inspectionData).

import type { StateMachineDefinition } from '../asl/types.ts';
import { decodeDefinition } from '../definition/decode.ts';
import { formatInvalidDefinitionMessage } from '../definition/messages.ts';
import { isoTime } from '../engine/context-object.ts';
import { errorMatches } from '../engine/error-handling.ts';
import { compileMachine } from '../engine/machine.ts';
import type { ExecutionInfo } from '../engine/types.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/json-value.ts';
import { drive, type Driven } from './drive.ts';
import { inspect, textOf } from './inspection.ts';
import { mockedMapFailure } from './mocked-map.ts';
import { readOutcome, type StateOutcome } from './outcome.ts';
import { checkAgainstState, checkRequestShape } from './request-checks.ts';
import {
  asMockedTask,
  findTestedState,
  loneStateName,
  singleStateMachine,
  type TestedState,
} from './single-state-machine.ts';
import type {
  InspectionData,
  TestStateRequest,
  TestStateResponse,
  TestStateResult,
  TestStateServices,
} from './types.ts';

export async function testState(request: TestStateRequest, services: TestStateServices): Promise<TestStateResult> {
  const shape = checkRequestShape(request);
  if (shape !== undefined) return { kind: 'rejected', ...shape };
  const parsed = parseJson(request.definition);
  if (!isJsonObject(parsed)) return invalidDefinition(request.definition);
  const tested = findTestedState(parsed, request.stateName);
  if ('code' in tested) return { kind: 'rejected', ...tested };
  const checkedText = tested.wholeMachine ? request.definition : JSON.stringify(singleStateMachine(tested));
  const checked = decodeDefinition(checkedText);
  if (checked.definition === undefined) return invalidDefinition(checkedText);
  const context = objectFrom(request.context);
  const against = checkAgainstState(request, tested.def, context);
  if (against !== undefined) return { kind: 'rejected', ...against };

  const asWritten = definitionOf(singleStateMachine(tested));
  const mocked = tested.def.Type === 'Map' || tested.def.Type === 'Parallel';
  const runDefinition = mocked ? definitionOf(singleStateMachine(tested, asMockedTask(tested.def))) : asWritten;
  if (runDefinition === undefined || asWritten === undefined) return invalidDefinition(checkedText);
  const input = request.input ?? '{}';
  const execution = executionInfo(request, services);
  const variables = objectFrom(request.variables);
  const entry = {
    execution,
    input,
    context: context ?? defaultContext(execution, input, tested, request, services.now()),
    variables,
    services,
  };
  const writtenMachine = compileMachine(asWritten);
  const failure = mocked
    ? await mockedMapFailure({ ...entry, machine: writtenMachine, name: tested.name, request })
    : undefined;
  const driven = await drive({ ...entry, definition: runDefinition, request, failure });
  const outcome = readOutcome(driven.events, tested.name);
  const response = respond(driven, outcome, request, tested);
  if ((request.inspectionLevel ?? 'INFO') !== 'INFO') {
    const inspection = await inspect({
      machine: writtenMachine,
      state: driven.state,
      ctx: driven.ctx,
      name: tested.name,
      input,
      variables,
      resultText: request.mock?.result ?? taskOutput(driven),
      events: driven.events,
      succeeded: outcome.failure === undefined,
    });
    response.inspectionData = { ...inspection, ...errorDetails(driven, outcome, tested.def) };
  }
  return { kind: 'response', response };
}

function respond(
  driven: Driven,
  outcome: StateOutcome,
  request: TestStateRequest,
  tested: TestedState,
): TestStateResponse {
  const { state } = driven;
  const failure = outcome.failure;
  if (driven.retrying && failure !== undefined) return { status: 'RETRIABLE', ...failure };
  if (state.status === 'FAILED') {
    return {
      status: 'FAILED',
      ...(state.error === undefined ? {} : { error: state.error }),
      ...(state.cause === undefined ? {} : { cause: state.cause }),
    };
  }
  if (state.status === 'RUNNING' && outcome.output === undefined) {
    const resource = typeof tested.def.Resource === 'string' ? tested.def.Resource : 'the state';
    return {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: `TestState cannot call ${resource} here; give a mock.`,
    };
  }
  const texts = [request.input ?? '{}', request.mock?.result].filter((t): t is string => t !== undefined);
  const response: TestStateResponse = { status: failure === undefined ? 'SUCCEEDED' : 'CAUGHT_ERROR' };
  if (failure !== undefined) Object.assign(response, failure);
  if (outcome.output !== undefined)
    response.output = textOf(JSON.parse(outcome.output) as JsonValue, [...texts, outcome.output]);
  if (outcome.nextState !== undefined) response.nextState = outcome.nextState;
  return response;
}

/** Which catcher or retrier handled the failure, and the back-off before a retry. */
function errorDetails(driven: Driven, outcome: StateOutcome, def: JsonObject): Pick<InspectionData, 'errorDetails'> {
  const failure = outcome.failure;
  if (failure === undefined) return {};
  const matching = (list: JsonValue | undefined): number =>
    Array.isArray(list)
      ? list.findIndex(
          (item) =>
            isJsonObject(item) &&
            Array.isArray(item.ErrorEquals) &&
            errorMatches(item.ErrorEquals as string[], failure.error),
        )
      : -1;
  if (driven.state.status !== 'FAILED' && !driven.retrying) {
    const catchIndex = matching(def.Catch);
    return catchIndex < 0 ? {} : { errorDetails: { catchIndex } };
  }
  const retryIndex = matching(def.Retry);
  if (retryIndex < 0) return {};
  if (!driven.retrying || driven.backoffMillis === undefined) return { errorDetails: { retryIndex } };
  return { errorDetails: { retryBackoffIntervalSeconds: driven.backoffMillis / 1000, retryIndex } };
}

/** The output an unmocked task answered with, as the engine recorded it. */
function taskOutput(driven: Driven): string | undefined {
  for (const event of driven.events) {
    const details = event.taskSucceededEventDetails ?? event.lambdaFunctionSucceededEventDetails;
    if (details?.output !== undefined) return details.output;
  }
  return undefined;
}

function executionInfo(request: TestStateRequest, services: TestStateServices): ExecutionInfo {
  const region = services.region ?? 'us-east-1';
  const account = services.accountId ?? '111111111111';
  const name = services.evaluation.uuid();
  const stateMachineName = `TestState-${services.evaluation.uuid()}`;
  return {
    executionArn: `arn:aws:states:${region}:${account}:express:${stateMachineName}:${name}`,
    name,
    roleArn: request.roleArn ?? '',
    stateMachineArn: `arn:aws:states:${region}:${account}:stateMachine:${stateMachineName}`,
    stateMachineName,
  };
}

/** AWS's context object for TestState: no RedriveCount, RoleArn null when none was given, State named "StateName". */
function defaultContext(
  execution: ExecutionInfo,
  input: string,
  tested: TestedState,
  request: TestStateRequest,
  now: number,
): JsonObject {
  const stateInfo: JsonObject = { Name: loneStateName, EnteredTime: isoTime(now) };
  if (typeof tested.def.Type === 'string' && ['Task', 'Map', 'Parallel'].includes(tested.def.Type)) {
    stateInfo.RetryCount = request.stateConfiguration?.retrierRetryCount ?? 0;
  }
  return {
    Execution: {
      Id: execution.executionArn,
      Input: parseJson(input) ?? null,
      Name: execution.name,
      RoleArn: request.roleArn ?? null,
      StartTime: isoTime(now),
    },
    StateMachine: { Id: execution.stateMachineArn, Name: execution.stateMachineName },
    State: stateInfo,
  };
}

function definitionOf(machine: JsonObject): StateMachineDefinition | undefined {
  return decodeDefinition(JSON.stringify(machine)).definition;
}

function invalidDefinition(text: string): TestStateResult {
  const message = formatInvalidDefinitionMessage(decodeDefinition(text).diagnostics, text);
  return { kind: 'rejected', code: 'InvalidDefinition', message };
}

function objectFrom(value: string | JsonObject | undefined): JsonObject | undefined {
  const parsed = typeof value === 'string' ? parseJson(value) : value;
  return isJsonObject(parsed) ? parsed : undefined;
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
