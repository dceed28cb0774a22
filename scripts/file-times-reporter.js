// A node:test reporter that appends each top-level test's duration and file to the file named by
// STEPWISE_TEST_TIMES, for scripts/run-tests.ts's table of the slowest test files.
// Plain JavaScript: node loads reporters before `--import tsx` takes effect, and by their default export.
// Each line is written at once, synchronously: with --test-force-exit the process may end before a
// reporter's stream does, so a table yielded at the end would be cut off.

import { appendFileSync } from 'node:fs';

/**
 * @param {AsyncIterable<{ type: string, data?: { file?: string, nesting?: number, details?: { duration_ms?: number } } }>} source
 */
export default async function* fileTimes(source) {
  const path = process.env['STEPWISE_TEST_TIMES'];
  for await (const event of source) {
    if (path === undefined || (event.type !== 'test:pass' && event.type !== 'test:fail')) continue;
    const { file, nesting, details } = event.data ?? {};
    if (file === undefined || nesting !== 0 || details?.duration_ms === undefined) continue;
    appendFileSync(path, `${details.duration_ms}\t${file}\n`);
  }
  yield '';
}
