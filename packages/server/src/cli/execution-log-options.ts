// The `serve` options of the JSON-lines copy of execution logs: `--execution-log-file PATH` appends every
// execution log record to PATH, `--execution-log-stdout` writes it to standard output (with the server's
// own log lines, which a collector tells apart by their fields), each for a log collector to pick up.

import { resolve } from 'node:path';
import { stringOption, UsageError, type ParsedArgs } from './args.ts';

export const executionLogFlags = ['execution-log-stdout'];
export const executionLogOptionNames = ['execution-log-file'];

/** Where the copy goes: a file (absolute path), standard output, or nowhere. */
export type ExecutionLogCopy = { kind: 'file'; path: string } | { kind: 'stdout' } | { kind: 'none' };

export function executionLogCopyFrom(args: ParsedArgs): ExecutionLogCopy {
  const file = stringOption(args, 'execution-log-file');
  const stdout = args.options.get('execution-log-stdout') === true;
  if (file !== undefined && stdout) {
    throw new UsageError('--execution-log-file and --execution-log-stdout: choose one place for the copy');
  }
  if (file === '') throw new UsageError('--execution-log-file needs a file path');
  if (file !== undefined) return { kind: 'file', path: resolve(file) };
  return stdout ? { kind: 'stdout' } : { kind: 'none' };
}
