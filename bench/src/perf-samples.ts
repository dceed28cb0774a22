// perf's on-CPU samples read back from a `perf record` file, shared by the profiling tools (sigv4-perf.ts,
// postgres-durable-perf.ts): per pid, then per "dso symbol", JIT addresses and thread ids folded away.

import { execFileSync } from 'node:child_process';

/** Samples per pid, then per "dso symbol", from `perf report`. */
export function perfSamplesByPid(data: string): Map<string, Map<string, number>> {
  const args = ['report', '-i', data, '--stdio', '-n', '--no-children', '-g', 'none', '--sort', 'pid,dso,sym'];
  const text = execFileSync('perf', args, {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const byPid = new Map<string, Map<string, number>>();
  for (const line of text.split('\n')) {
    const match = /^\s*[\d.]+%\s+(\d+)\s+(\d+):\S+\s+(.*?)\s+\[[.kj]\]\s+(.*)$/.exec(line);
    if (match === null) continue;
    const [, count = '0', pid = '', dso = '', symbol = ''] = match;
    const key = `${dso.replace(/tid \d+/, '').trim()} ${symbol.replace(/0x[0-9a-f]+/g, '').trim()}`;
    const symbols = byPid.get(pid) ?? new Map<string, number>();
    symbols.set(key, (symbols.get(key) ?? 0) + Number(count));
    byPid.set(pid, symbols);
  }
  return byPid;
}
