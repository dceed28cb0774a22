// The one-server-per-file lock: an exclusive SQLite transaction held open on `<file>.lock`. The lock is
// the operating system's (fcntl), so it is released when the process dies, even by SIGKILL: no stale
// lock to clean up, unlike a pid file or a heartbeat row. SQLite also tracks it across connections of
// one process, so a second store opened in the same process is refused too.

import Database from 'better-sqlite3';

export class DatabaseLockedError extends Error {
  constructor(readonly file: string) {
    super(
      `another Stepwise server is using ${file} (it holds the lock on ${file}.lock); stop it or choose another data directory`,
    );
    this.name = 'DatabaseLockedError';
  }
}

export interface FileLock {
  release(): void;
}

export function lockDatabaseFile(file: string): FileLock {
  const lock = new Database(`${file}.lock`, { timeout: 0 });
  try {
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if (error instanceof Error && (error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new DatabaseLockedError(file);
    }
    throw error;
  }
  return { release: () => lock.close() };
}
