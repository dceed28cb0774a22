// The service's one entry point: validate an operation's request against AWS's constraints, then run its handler.

import { RuntimeError } from '../runtime/errors.ts';
import { ApiError } from './errors.ts';
import { requestShapes, type OperationName } from './request-shapes.ts';
import { validateRequest } from './validate-request.ts';

export interface CallContext {
  requestId: string;
  /** Aborted when the caller goes away (GetActivityTask's long poll then hands out nothing). */
  signal?: AbortSignal;
  /** The caller's account (its key's); the server's own when absent. */
  account?: string;
  /** The caller's IAM ARN (a signing key's user), which an AccessDenied names; the account's root when absent. */
  principal?: string;
}

/** A handler receives its request already validated (types and constraints), and returns the response object. */
export type Handler = (request: Record<string, unknown>, ctx: CallContext) => Promise<object> | object;

export type Handlers = Readonly<Record<OperationName, Handler>>;

export interface StepFunctionsApi {
  call(operation: OperationName, body: unknown, ctx: CallContext): Promise<object>;
}

export function createApi(handlers: Handlers): StepFunctionsApi {
  return {
    call: async (operation, body, ctx) => {
      const request = validateRequest(body, requestShapes[operation]);
      try {
        return await handlers[operation](request, ctx);
      } catch (error) {
        // The runtime names its refusals as AWS does; they become API errors here, everything else stays a bug.
        if (error instanceof RuntimeError) throw new ApiError(error.code, error.message);
        throw error;
      }
    },
  };
}
