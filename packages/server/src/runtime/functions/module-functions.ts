// Local functions: `DIR/NAME.ts`, `.js` or `.mjs` exporting `handler(event, context)`, called as Lambda
// calls a function (a context like Lambda's; a thrown error becomes the function's error payload).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonValue } from '@stepwise/core';
import type { FunctionResolver, LambdaFunction, LambdaOutcome } from '../tasks/lambda.ts';

export const functionExtensions = ['.ts', '.js', '.mjs'] as const;

/** Default Lambda timeout, which getRemainingTimeInMillis counts down from. */
const timeoutMillis = 3000;

type Handler = (event: JsonValue, context: LambdaContext) => unknown;

export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** The module file of function `name` in `dir`, or undefined when there is none. */
export function findFunctionFile(dir: string, name: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) return undefined;
  return functionExtensions.map((extension) => join(dir, name + extension)).find((file) => existsSync(file));
}

export function moduleFunctions(dir: string, arnPrefix: string): FunctionResolver {
  return (name) => {
    const file = findFunctionFile(dir, name);
    return file === undefined ? undefined : moduleFunction(file, name, arnPrefix);
  };
}

function moduleFunction(file: string, name: string, arnPrefix: string): LambdaFunction {
  return {
    invoke: async (event, requestId): Promise<LambdaOutcome> => {
      const started = Date.now();
      const context: LambdaContext = {
        functionName: name,
        functionVersion: '$LATEST',
        invokedFunctionArn: `${arnPrefix}${name}`,
        memoryLimitInMB: '128',
        awsRequestId: requestId,
        getRemainingTimeInMillis: () => Math.max(0, timeoutMillis - (Date.now() - started)),
      };
      try {
        const module = (await import(pathToFileURL(file).href)) as { handler?: Handler };
        if (typeof module.handler !== 'function') {
          return errorOutcome('Runtime.HandlerNotFound', `${file} does not export a function named handler`, []);
        }
        const result = await module.handler(event, context);
        return { payload: JSON.stringify(result ?? null) };
      } catch (error) {
        const thrown = error instanceof Error ? error : new Error(String(error));
        return errorOutcome(thrown.name, thrown.message, (thrown.stack ?? '').split('\n').slice(1));
      }
    },
  };
}

/** The error payload Node's Lambda runtime reports. */
function errorOutcome(errorType: string, errorMessage: string, trace: string[]): LambdaOutcome {
  return {
    errorType,
    errorPayload: JSON.stringify({ errorType, errorMessage, trace: trace.map((line) => line.trim()) }),
  };
}
