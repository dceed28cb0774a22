// Lambda functions on AWS (or an AWS-compatible server) for Lambda tasks no local function answers: the
// function is invoked with the Lambda client, and its answer fed to the same shaping as a local function's.

import type { FunctionResolver, LambdaFunction, LambdaOutcome } from '../lambda.ts';
import type { SdkClients } from './sdk-clients.ts';
import { optimizedFailure, v1Services } from './sdk-errors.ts';
import { withTraceHeader } from './trace-header.ts';

interface InvokeOutput {
  FunctionError?: string;
  Payload?: Uint8Array;
}

export function remoteLambdaFunctions(clients: SdkClients): FunctionResolver {
  return (name) => remoteFunction(clients, name);
}

function remoteFunction(clients: SdkClients, name: string): LambdaFunction {
  return {
    invoke: async (event: string, _requestId: string, options = {}): Promise<LambdaOutcome> => {
      const client = await clients.client('lambda');
      const Invoke = client.module.InvokeCommand as new (input: unknown) => unknown;
      let output: InvokeOutput;
      try {
        const command = withTraceHeader(new Invoke({ FunctionName: name, Payload: Buffer.from(event) }), options.trace);
        output = (await client.client.send(command, { abortSignal: options.signal })) as InvokeOutput;
      } catch (error) {
        if (options.signal?.aborted === true) throw error;
        const failure = optimizedFailure(client, v1Services.lambda ?? lambdaNames, error);
        return { errorType: failure.error, errorPayload: failure.cause };
      }
      const payload = Buffer.from(output.Payload ?? new Uint8Array()).toString('utf8') || 'null';
      if (output.FunctionError === undefined) return { payload };
      return { errorType: errorTypeOf(payload) ?? output.FunctionError, errorPayload: payload };
    },
  };
}

const lambdaNames = { prefix: 'Lambda', baseException: 'AWSLambdaException', serviceName: 'AWSLambda' };

/** A function error's payload is `{"errorType", "errorMessage", ...}`; its errorType names the failure. */
function errorTypeOf(payload: string): string | undefined {
  try {
    const parsed = JSON.parse(payload) as { errorType?: unknown };
    return typeof parsed.errorType === 'string' ? parsed.errorType : undefined;
  } catch {
    return undefined;
  }
}
