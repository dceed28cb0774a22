// `node --import tsx scripts/startup-time.ts [--runs N] [--bin PATH ...]`: how long `stepwise validate` of a
// one-state file takes, wall clock, measured alternately with `node -e 0` in one run so that all see the same
// machine load. Several --bin (an old and a new bin script) are measured in turn within each round.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const defaultBin = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages/server/bin/stepwise.js');

function wallSeconds(args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(result.status)}: ${result.stderr}`);
  return seconds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function main(): void {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '15' }, bin: { type: 'string', multiple: true } },
  });
  const runs = Number(values.runs);
  const bins = values.bin ?? [defaultBin];
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-startup-'));
  try {
    const file = join(dir, 'one.json');
    writeFileSync(file, JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }));
    for (const bin of bins) wallSeconds([bin, 'validate', file]); // warms the file cache, not counted
    const node: number[] = [];
    const validate = bins.map((): number[] => []);
    for (let run = 0; run < runs; run++) {
      node.push(wallSeconds(['-e', '0']));
      bins.forEach((bin, index) => validate[index]?.push(wallSeconds([bin, 'validate', file])));
    }
    const line = (name: string, times: readonly number[]): string =>
      `${name} median ${median(times).toFixed(3)} s, min ${Math.min(...times).toFixed(3)} s`;
    process.stdout.write(`${runs} alternating runs of each, wall clock, load average ${loadavg()[0]?.toFixed(1)}\n`);
    process.stdout.write(`${line('node -e 0', node)}\n`);
    bins.forEach((bin, index) => {
      const times = validate[index] ?? [];
      const over = median(times) - median(node);
      process.stdout.write(`${line(`stepwise validate (${bin})`, times)}; minus node ${over.toFixed(3)} s\n`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
