// `arn:aws:states:::aws-sdk:sfn:ACTION` performed by this Stepwise itself: it is the Step Functions such a
// workflow calls (start an execution, answer a task token, describe ...). The request comes in the SDK's
// shape (PascalCase members, as the Java SDK v2 names them) and becomes the API's JSON; the response goes
// back in the SDK's shape, and API errors are reported as the Java SDK v2 does (`Sfn.InvalidTokenException`).

import { parseResource, type JsonObject, type JsonValue } from '@stepwise/core';
import type { TaskHandler, TaskOutcome } from '../runtime/tasks/executor.ts';
import type { AccountService } from './accounts.ts';
import { accountOfArn } from './arns.ts';
import type { ServiceDeps } from './context.ts';
import { ApiError } from './errors.ts';
import { requestShapes, type OperationName } from './request-shapes.ts';

/** The action of an `aws-sdk:sfn` request (`arn:aws:states:::aws-sdk:sfn:startExecution`), if it is one. */
function sfnAction(resource: string): string | undefined {
  const parsed = parseResource(resource);
  const sfn = parsed.kind === 'integration' && parsed.sdk && parsed.service === 'sfn' && parsed.suffix === '';
  return sfn && parsed.action !== '' ? parsed.action : undefined;
}

/** `service(account)` gives an account's service once it exists: the calling execution's account. */
export function localSfnHandler(service: (account: string | undefined) => AccountService): TaskHandler {
  return {
    handles: (resource) => sfnAction(resource) !== undefined,
    execute: async (invocation, options) => {
      const action = sfnAction(invocation.resource) ?? '';
      const operation = `${action.charAt(0).toUpperCase()}${action.slice(1)}`;
      if (!(operation in requestShapes)) {
        return { error: 'States.Runtime', cause: `Step Functions has no action ${action} (${invocation.resource})` };
      }
      const { deps, api } = service(accountOfArn(options.executionArn ?? ''));
      try {
        const body = apiBody(invocation.input);
        const response = await api.call(operation as OperationName, body, { requestId: deps.uuid() });
        return { output: JSON.stringify(renameKeys(plainJson(response), upperFirst)) };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return sdkFailure(deps, error);
      }
    },
  };
}

function sdkFailure(deps: ServiceDeps, error: ApiError): TaskOutcome {
  const name = error.type.endsWith('Exception') ? error.type : `${error.type}Exception`;
  const cause = `${error.message} (Service: Sfn, Status Code: ${error.status}, Request ID: ${deps.uuid()}) (SDK Attempt Count: 1)`;
  return { error: `Sfn.${name}`, cause };
}

/**
 * The SDK-shaped request as the API's JSON. An `Input` given as JSON rather than text is serialised, as AWS
 * does, with its members' names as written (only the request's own members are renamed).
 */
function apiBody(request: JsonValue): JsonValue {
  const isObject = (value: JsonValue): value is JsonObject =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const body = renameKeys(request, lowerFirst);
  if (!isObject(request) || !isObject(body)) return body;
  const input = request.Input;
  if (input === undefined || typeof input === 'string') return body;
  return { ...body, input: JSON.stringify(input) };
}

/** The response as JSON values: dates as ISO-8601 text, as Step Functions' SDK integrations give them. */
function plainJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** The members of every object, renamed; strings (an execution's input, a definition) are left alone. */
function renameKeys(value: JsonValue, rename: (key: string) => string): JsonValue {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [rename(key), renameKeys(member, rename)]));
}

function lowerFirst(key: string): string {
  return `${key.charAt(0).toLowerCase()}${key.slice(1)}`;
}

function upperFirst(key: string): string {
  return `${key.charAt(0).toUpperCase()}${key.slice(1)}`;
}
