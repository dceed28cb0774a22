// The error payloads AWS Lambda reports when a function fails outside its own code: timeouts, exits,
// missing handlers, oversized responses. Step Functions takes `errorType` as the error name.

import type { LambdaOutcome } from '../tasks/lambda.ts';

/** Lambda's limit on a synchronous response payload (6 MB as Lambda counts it). */
export const maxResponseBytes = 6_291_556;

export function errorOutcome(
  errorType: string,
  errorMessage: string,
  extra: Record<string, unknown> = {},
): LambdaOutcome {
  return { errorType, errorPayload: JSON.stringify({ errorType, errorMessage, ...extra }) };
}

export function timedOut(requestId: string, timeoutMillis: number): LambdaOutcome {
  const seconds = (timeoutMillis / 1000).toFixed(2);
  return errorOutcome('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`);
}

/** A runtime process that ended during an invocation: `process.exit`, a crash or a signal. */
export function runtimeExited(requestId: string, code: number | null, signal: string | null): LambdaOutcome {
  const status = signal === null ? `exit status ${code ?? 0}` : `signal: ${signalName(signal)}`;
  return errorOutcome('Runtime.ExitError', `RequestId: ${requestId} Error: Runtime exited with error: ${status}`);
}

export function responseTooLarge(): LambdaOutcome {
  return errorOutcome(
    'Function.ResponseSizeTooLarge',
    `Response payload size exceeded maximum allowed payload size (${maxResponseBytes} bytes).`,
  );
}

/** Go's names for signals, as Lambda prints them (`signal: killed`). */
function signalName(signal: string): string {
  const names: Record<string, string> = { SIGKILL: 'killed', SIGSEGV: 'segmentation fault', SIGABRT: 'aborted' };
  return names[signal] ?? signal.toLowerCase().replace(/^sig/, '');
}
