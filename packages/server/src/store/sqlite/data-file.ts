// The database file as found on open: one that is empty where a database was (truncated) or that SQLite
// cannot read (damaged, not a database) is refused with a message naming the file and what to do,
// rather than started afresh silently or reported as a stack trace.

import { accessSync, constants, existsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/** The file's identity (device and inode) or undefined when it is gone: a changed one means it was moved or deleted. */
export function fileIdentity(file: string): string | undefined {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat === undefined ? undefined : `${String(stat.dev)}:${String(stat.ino)}`;
}

/**
 * Whether the file's directory refuses writes as read-only now (EROFS, which binds root too). Asked only
 * after a failed write: it creates and removes a probe file, since a file system that the kernel made
 * read-only after an error (ext4's errors=remount-ro) may still pass access(W_OK).
 */
export function onReadOnlyFileSystem(file: string): boolean {
  const probe = join(dirname(file), '.stepwise-write-probe');
  try {
    accessSync(dirname(file), constants.W_OK);
    writeFileSync(probe, '');
    unlinkSync(probe);
    return false;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EROFS';
  }
}
