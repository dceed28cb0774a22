// The service's one entry point: validate an operation's request against AWS's constraints, then run its handler.

import type { Logger } from 'pino';
import { requestShapes, type OperationName } from './request-shapes.ts';
import { validateRequest } from './validate-request.ts';

export interface CallContext {
  requestId: string;
  log: Logger;
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
      return handlers[operation](request, ctx);
    },
  };
}
