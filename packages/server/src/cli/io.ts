// The CLI's connection to the process: standard output and error. Commands write through this.

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** An error from node:fs about a file (ENOENT, EACCES, ...), which the CLI reports as a usage problem. */
export function isFileError(error: unknown): error is { path: string; code: string } {
  return typeof error === 'object' && error !== null && 'path' in error && 'code' in error;
}
