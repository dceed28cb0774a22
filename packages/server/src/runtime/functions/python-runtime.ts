// How a Python function's warm worker is started: the interpreter, found on PATH, running python-worker.py.

import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pythonWorker = fileURLToPath(new URL('./python-worker.py', import.meta.url));

/** The worker's command line, or undefined when `interpreter` is neither a path that exists nor on `path`. */
export function pythonWorkerCommand(interpreter: string, path: string): readonly [string, ...string[]] | undefined {
  return onPath(interpreter, path) ? [interpreter, '-B', '-u', pythonWorker] : undefined;
}

/** The message for an interpreter that is not there. */
export function missingInterpreter(interpreter: string): string {
  const where = interpreter.includes('/') ? 'does not exist' : 'was not found on PATH';
  return `the Python interpreter '${interpreter}' ${where}; install Python 3 or name one with --python`;
}

function onPath(program: string, path: string): boolean {
  if (program.includes('/')) return existsSync(program);
  return path.split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, program)));
}
