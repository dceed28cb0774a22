// `serve --cache-mib N`: the byte budget of the execution cache each runtime keeps between steps (64 MiB
// when absent): more lets more executions in flight skip reading their state back; 0 turns the cache off.

import { UsageError } from './args.ts';

/** 1 TiB: anything larger is a typo, not a budget a Node heap could hold. */
const maxMib = 1024 * 1024;

export function cacheOption(text: string | undefined): { cacheBytes?: number } {
  if (text === undefined) return {};
  const mib = Number(text);
  if (text.trim() === '' || !Number.isInteger(mib) || mib < 0 || mib > maxMib) {
    throw new UsageError(
      `--cache-mib must be a whole number of MiB from 0 (no cache) to ${String(maxMib)}, not '${text}'`,
    );
  }
  return { cacheBytes: mib * 1024 * 1024 };
}
