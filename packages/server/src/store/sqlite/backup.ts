// `stepwise backup`: SQLite's online backup of a data file into a new file, safe while a server runs
// on it (a read connection, page by page, restarted by SQLite when the server writes meanwhile).

import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DataFileError } from './data-file.ts';

/** Copies `source` into `destination`, which must not exist yet; resolves with the pages copied. */
export async function backupDataFile(source: string, destination: string): Promise<number> {
  if (!existsSync(source)) throw new DataFileError(source, 'does not exist');
  if (existsSync(destination)) throw new DataFileError(destination, 'exists already: the backup would overwrite it');
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(destination);
    return totalPages;
  } finally {
    db.close();
  }
}
