// Opens the JSON-lines copy of execution logs where `serve` was told to write it (a file, appended to,
// or standard output) and closes it at shutdown.

import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { ExecutionLogLines } from '../service/execution-log-lines.ts';
import { UsageError } from './args.ts';
import type { ExecutionLogCopy } from './execution-log-options.ts';

export interface OpenLogLines {
  lines: ExecutionLogLines;
  close(): Promise<void>;
}

export function executionLogLines(
  copy: ExecutionLogCopy,
  stdout: NodeJS.WritableStream,
  log: Logger,
): OpenLogLines | undefined {
  if (copy.kind === 'none') return undefined;
  const stream = copy.kind === 'file' ? fileStream(copy.path) : stdout;
  stream.on('error', (error) => {
    log.error({ err: error }, 'the execution log copy cannot be written; its lines are dropped');
  });
  const lines = new ExecutionLogLines({
    stream,
    onDropped: (count) => {
      log.warn({ dropped: count }, 'the execution log copy cannot keep up; lines are dropped');
    },
  });
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      // Standard output stays open for the server's last log lines.
      if (copy.kind === 'stdout') resolve();
      else stream.end(resolve);
    });
  return { lines, close };
}

/** The file opened at once, so that a path that cannot be written stops `serve` before it listens. */
function fileStream(path: string): Writable {
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (error) {
    throw new UsageError(`--execution-log-file ${path} cannot be written: ${(error as Error).message}`);
  }
  return createWriteStream('', { fd });
}
