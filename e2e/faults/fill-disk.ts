// Fills a file system for the disk-full probes: appends to one file until the system refuses with ENOSPC.

import { writeFileSync } from 'node:fs';

/** Writes `file` in 64 KiB pieces until the file system refuses with ENOSPC. */
export function fillDisk(file: string): void {
  const piece = Buffer.alloc(64 * 1024, 1);
  for (let i = 0; ; i++) {
    try {
      writeFileSync(file, piece, { flag: 'a' });
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOSPC') return;
      throw error;
    }
    if (i > 100_000) throw new Error('the disk never filled up');
  }
}
