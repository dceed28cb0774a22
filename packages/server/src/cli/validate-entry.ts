// Entry of the small validate bundle (dist/bundle/validate.cjs): `stepwise validate FILE` without the rest of
// the CLI, so that the command most often run from editors and hooks starts as fast as Node itself allows.

import { isFileError, processIo, type Io } from './io.ts';
import { validateCommand } from './validate-command.ts';

/**
 * The exit code of `stepwise validate FILE`, or undefined for any other command line (options, help, a
 * missing file name), which the full CLI answers with its usage text.
 */
export function validateEntry(argv: readonly string[], io: Io = processIo): number | undefined {
  const [command, file, ...rest] = argv;
  if (command !== 'validate' || file === undefined || file.startsWith('-') || rest.length > 0) return undefined;
  try {
    return validateCommand([file], io);
  } catch (error) {
    if (!isFileError(error)) throw error;
    io.err(`stepwise: cannot read ${error.path}: ${error.code}`);
    return 2;
  }
}
