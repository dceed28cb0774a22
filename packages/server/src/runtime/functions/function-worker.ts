// Entry point of a function worker process: loads one handler module, then runs one invocation at a
// time as Lambda's Node.js runtime does (async or callback handlers; errors as errorType/errorMessage/trace).
// It runs in its own process so that a hang, a crash or `process.exit` in user code cannot reach the server.

import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type { LambdaContext } from './lambda-context.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

type Callback = (error?: unknown, result?: unknown) => void;
type Handler = (event: unknown, context: LambdaContext, callback: Callback) => unknown;

let handler: Handler | undefined;
let current: string | undefined;

function send(reply: WorkerReply): void {
  // Once the server is gone a send would throw, and the throw would be reported by another send.
  if (process.connected) process.send?.(reply);
}

// The IPC channel closes when the server ends, however it ends (a SIGKILL included): the worker ends with
// it rather than outlive it. A handler still running is abandoned, as its result has nowhere to go.
process.on('disconnect', () => {
  process.kill(process.pid, 'SIGKILL');
});

// Console output travels on the IPC channel, so it arrives before the result it precedes (a pipe would race).
for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  // eslint-disable-next-line no-console -- the worker owns its console: it is the function's log
  console[method] = (...values: unknown[]): void => {
    send({ type: 'log', text: format(...values) });
  };
}

/** Lambda's error payload for a thrown value. */
function errorPayload(error: unknown): { errorType: string; errorPayload: string } {
  const errorType = error instanceof Error ? error.name : typeof error;
  const errorMessage = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error ? (error.stack ?? '').split('\n') : [];
  return { errorType, errorPayload: JSON.stringify({ errorType, errorMessage, trace }) };
}

async function load(file: string, name: string): Promise<void> {
  try {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const candidate = module[name];
    if (typeof candidate !== 'function') {
      const message = `${file.replace(/^.*\//, '').replace(/\.[^.]*$/, '')}.${name} is undefined or not exported`;
      const errorType = 'Runtime.HandlerNotFound';
      send({ type: 'load-failed', errorType, errorPayload: JSON.stringify({ errorType, errorMessage: message }) });
      return;
    }
    handler = candidate as Handler;
    send({ type: 'ready' });
  } catch (error) {
    const errorType = error instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError';
    const errorMessage = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    send({ type: 'load-failed', errorType, errorPayload: JSON.stringify({ errorType, errorMessage }) });
  }
}

/** Calls the handler; settles on its promise or its callback, whichever comes first. */
function call(fn: Handler, event: unknown, context: LambdaContext): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const callback: Callback = (error, result) => {
      // Lambda reports a non-Error value given to the callback by its type, so it is passed on as it is.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- kept as thrown, see above
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    const returned = fn(event, context, callback);
    if (returned instanceof Promise) returned.then(resolve, reject);
    else if (fn.length < 3) resolve(returned);
  });
}

/**
 * Lambda sets `_X_AMZN_TRACE_ID` for each invocation: a traced call's header, none for an untraced one.
 * This process is the function's own (its environment is the function's, not the server's).
 */
function setTraceVariable(header: string | undefined): void {
  // eslint-disable-next-line no-restricted-properties -- the function's environment, see above
  const env = process.env;
  if (header === undefined) delete env._X_AMZN_TRACE_ID;
  else env._X_AMZN_TRACE_ID = header;
}

async function invoke(request: Extract<WorkerRequest, { type: 'invoke' }>): Promise<void> {
  const { requestId, deadline } = request;
  current = requestId;
  const context: LambdaContext = {
    ...request.context,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  setTraceVariable(request.context.xRayTraceId);
  try {
    if (handler === undefined) throw new Error('the handler was not loaded');
    const result = await call(handler, JSON.parse(request.event), context);
    const payload = JSON.stringify(result ?? null);
    if (current === requestId) send({ type: 'result', requestId, payload });
  } catch (error) {
    if (current === requestId) send({ type: 'error', requestId, ...errorPayload(error) });
  } finally {
    if (current === requestId) current = undefined;
  }
}

// Errors that escape the handler's promise end this worker, as they end a Lambda runtime.
process.on('unhandledRejection', (reason) => {
  const errorType = 'Runtime.UnhandledPromiseRejection';
  const errorMessage = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
  const trace = reason instanceof Error ? (reason.stack ?? '').split('\n') : [];
  const errorPayloadText = JSON.stringify({ errorType, errorMessage, reason: errorMessage, trace });
  send({ type: 'error', requestId: current ?? '', errorType, errorPayload: errorPayloadText, fatal: true });
  current = undefined;
});
process.on('uncaughtException', (error) => {
  send({ type: 'error', requestId: current ?? '', ...errorPayload(error), fatal: true });
  current = undefined;
});

process.on('message', (message: WorkerRequest) => {
  if (message.type === 'load') void load(message.file, message.handler);
  else void invoke(message);
});
send({ type: 'started' });
