// `stepwise backup FILE [--data DIR]`: an online backup of DIR/stepwise.db into FILE (see README,
// "Backup and restore").

import { join, resolve } from 'node:path';
import { backupDataFile } from '../store/sqlite/backup.ts';
import { parseArgs, stringOption, UsageError } from './args.ts';
import type { Io } from './io.ts';

export async function backupCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, [], ['data']);
  const destination = args.positional[0];
  if (destination === undefined) throw new UsageError('backup needs a file to write: stepwise backup FILE');
  const source = join(resolve(stringOption(args, 'data') ?? '.stepwise'), 'stepwise.db');
  try {
    const pages = await backupDataFile(source, resolve(destination));
    io.err(`backed up ${source} to ${resolve(destination)} (${pages} pages)`);
    return 0;
  } catch (error) {
    if (error instanceof Error && error.name === 'DataFileError') {
      io.err(`stepwise: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
