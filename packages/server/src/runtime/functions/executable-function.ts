// Runs an executable function (any language): the event as JSON on stdin, the result as JSON on stdout.
// A non-zero exit with `{"errorType","errorMessage"}` on stdout is that error; any other non-zero exit is
// Lambda's Runtime.ExitError; stdout that is not JSON is Runtime.MarshalError. Each invocation is a fresh process group, killed whole on timeout.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { jacksonReason } from '@stepwise/core';
import type { LambdaOutcome } from '../tasks/lambda.ts';
import { errorOutcome, maxResponseBytes, responseTooLarge, runtimeExited, timedOut } from './lambda-errors.ts';

export interface ExecutableRun {
  file: string;
  event: string;
  requestId: string;
  timeoutMillis: number;
  environment: Record<string, string>;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

export function runExecutable(run: ExecutableRun): Promise<LambdaOutcome> {
  return new Promise((resolve, reject) => {
    // Its own process group, so that a timeout also kills what the program started (a shell's children).
    const child = spawn(run.file, [], { env: run.environment, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const chunks: Buffer[] = [];
    let size = 0;
    let ending: 'timeout' | 'abort' | 'too-large' | undefined;
    const killGroup = (reason: typeof ending): void => {
      ending ??= reason;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      killGroup('timeout');
    }, run.timeoutMillis);
    const onAbort = (): void => {
      killGroup('abort');
    };
    run.signal?.addEventListener('abort', onAbort, { once: true });
    if (run.signal?.aborted === true) killGroup('abort');

    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxResponseBytes) killGroup('too-large');
      else chunks.push(chunk);
    });
    createInterface({ input: child.stderr }).on('line', (line) => run.onLog?.(line));
    // A program that exits without reading its input makes the write fail with EPIPE: not our error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(run.event);

    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(errorOutcome('Runtime.InvalidEntrypoint', `RequestId: ${run.requestId} Error: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      if (ending === 'abort') reject(run.signal?.reason instanceof Error ? run.signal.reason : new Error('aborted'));
      else if (ending === 'timeout') resolve(timedOut(run.requestId, run.timeoutMillis));
      else if (ending === 'too-large') resolve(responseTooLarge());
      else resolve(outcomeOf(Buffer.concat(chunks).toString('utf8'), code, signal, run));
    });
  });
}

function outcomeOf(stdout: string, code: number | null, signal: string | null, run: ExecutableRun): LambdaOutcome {
  const text = stdout.trim();
  if (code === 0) return text === '' ? { payload: 'null' } : (notJson(text, run) ?? { payload: text });
  const reported = parseObject(text);
  if (reported !== undefined && typeof reported.errorType === 'string') {
    return { errorType: reported.errorType, errorPayload: JSON.stringify(reported) };
  }
  return runtimeExited(run.requestId, code, signal);
}

/**
 * A result that is not JSON, most often a log line printed to stdout: Lambda's Runtime.MarshalError, naming
 * the program and what its stdout began with, so the user knows where to look.
 */
function notJson(text: string, run: ExecutableRun): LambdaOutcome | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    // Jackson's words say where the JSON broke, and quote the start of stdout.
    return errorOutcome(
      'Runtime.MarshalError',
      `RequestId: ${run.requestId} Error: ${run.file} printed to stdout what is not JSON; stdout must hold ` +
        `only the result (write logs to stderr). ${jacksonReason(text, error)}`,
    );
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
