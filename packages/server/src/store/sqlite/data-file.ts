// The database file as found on open: one that is empty where a database was (truncated) or that SQLite
// cannot read (damaged, not a database) is refused with a message naming the file and what to do,
// rather than started afresh silently or reported as a stack trace.

import { existsSync, statSync } from 'node:fs';

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file} ${problem}; restore a backup (stepwise backup) or move the file away to start with no data`);
    this.name = 'DataFileError';
  }
}

/** Refuses an existing file of 0 bytes: SQLite would take it for a new, empty database. */
export function checkNotTruncated(file: string): void {
  if (existsSync(file) && statSync(file).size === 0) {
    throw new DataFileError(
      file,
      'is empty (0 bytes): it was truncated, and every machine and execution in it is gone',
    );
  }
}

/** SQLite's word for a file it cannot use, as a DataFileError; other errors are returned unchanged. */
export function asDataFileError(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_NOTADB') return new DataFileError(file, 'is not a SQLite database (damaged or foreign)');
  if (code === 'SQLITE_CORRUPT') return new DataFileError(file, 'is damaged (SQLite reports corruption)');
  return error;
}
