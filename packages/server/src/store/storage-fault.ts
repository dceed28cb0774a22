// Storage faults: the errors SQLite, PostgreSQL and the file system raise when the disk is full, the data
// directory read-only or the database file gone, turned into one error that names the condition and the
// place, so that a client reads "the disk is full", not "internal error", and the server carries on.

export class StorageFault extends Error {
  constructor(
    /** What is wrong, in an operator's words ("the disk is full"). */
    readonly condition: string,
    /** The database: its file, or PostgreSQL. */
    readonly where: string,
    /** The code SQLite, PostgreSQL or the system gave. */
    readonly code: string,
  ) {
    super(`Stepwise cannot write its data: ${condition} (${code}, ${where}); it serves again once that is fixed`);
    this.name = 'StorageFault';
  }
}

/** Codes by prefix, most specific first: SQLite's (extended codes start with the primary one), errno, SQLSTATE. */
const conditions: readonly [string, string][] = [
  ['SQLITE_FULL', 'the disk is full'],
  ['ENOSPC', 'the disk is full'],
  ['EDQUOT', 'the disk quota is used up'],
  ['53100', 'the disk is full'],
  ['SQLITE_READONLY_DBMOVED', 'the database file was moved or deleted'],
  ['SQLITE_READONLY', 'the data directory is read-only'],
  ['EROFS', 'the data directory is read-only'],
  ['25006', 'the database is read-only'],
  ['SQLITE_CANTOPEN', 'the database file cannot be opened (moved, deleted or no permission)'],
  ['ENOENT', 'the data directory was moved or deleted'],
  ['SQLITE_IOERR', 'the disk reports an I/O error'],
  ['EIO', 'the disk reports an I/O error'],
];

/** The storage fault `error` is, with `where` the database; undefined for any other error. */
export function storageFaultOf(error: unknown, where: string): StorageFault | undefined {
  if (error instanceof StorageFault) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const found = conditions.find(([prefix]) => code.startsWith(prefix));
  return found === undefined ? undefined : new StorageFault(found[1], where, code);
}

/** `error` as a StorageFault when it is one, otherwise unchanged. */
export function asStorageFault(error: unknown, where: string): unknown {
  return storageFaultOf(error, where) ?? error;
}
