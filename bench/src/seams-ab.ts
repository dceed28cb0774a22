// Issue 13's Done-when, "benchmarks within noise": the engine before the seams (core at an old commit,
// 8fdd7ba by default) and the engine of this checkout, in one process, alternating within every repeat
// (old first on even repeats, new first on odd ones), each timed in CPU-seconds of this process. Prints
// each workload's new/old CPU ratios and their median, with the load average.
//
//   npx tsx bench/src/seams-ab.ts [--old COMMIT] [--repeats N]

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as newCore from '@stepwise/core';
import { nodeServices } from 'stepwise';
import { choiceLoopDefinition } from './workloads/choice-loop.ts';
import { mapDefinition } from './workloads/map-10k.ts';
import { parallelDefinition } from './workloads/parallel-100.ts';
import { passChainDefinition } from './workloads/pass-chain.ts';

type Core = typeof newCore;

interface AbCase {
  name: string;
  definition: object;
  input: object;
  /** Executions per timed run. */
  executions: number;
}

function taskChainDefinition(length: number): object {
  const States: Record<string, object> = {};
  for (let i = 0; i < length; i++) {
    const next = i + 1 < length ? { Next: `T${String(i + 1)}` } : { End: true };
    const Resource = 'arn:aws:lambda:us-east-1:123456789012:function:bench';
    States[`T${String(i)}`] = { Type: 'Task', Resource, ResultPath: '$.last', ...next };
  }
  return { StartAt: 'T0', States };
}

const cases: AbCase[] = [
  { name: 'pass-chain', definition: passChainDefinition(), input: { n: 7, tag: 'bench' }, executions: 1000 },
  { name: 'choice-loop', definition: choiceLoopDefinition, input: { count: 0, limit: 1000 }, executions: 100 },
  {
    name: 'Map 5,000',
    definition: mapDefinition,
    input: { items: Array.from({ length: 5_000 }, (_, n) => ({ n })) },
    // 5 executions took 0.05 CPU-s, where a collection landing in one side's run swung the ratio from 0.4 to 2.5.
    executions: 50,
  },
  { name: 'parallel-100', definition: parallelDefinition(100), input: { x: 1 }, executions: 200 },
  { name: 'task-chain', definition: taskChainDefinition(50), input: { n: 1 }, executions: 500 },
];

const execution = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:bench:run',
  name: 'run',
  roleArn: 'arn:aws:iam::123456789012:role/bench',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:bench',
  stateMachineName: 'bench',
};

/** The old commit's packages/core/src, extracted once under node_modules (its dependencies resolve there). */
async function oldCoreAt(commit: string): Promise<Core> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const dir = join(root, 'node_modules', '.cache', 'stepwise-seams-ab', commit);
  const index = join(dir, 'packages', 'core', 'src', 'index.ts');
  if (!existsSync(index)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['-C', root, 'archive', commit, 'packages/core/src']);
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
  }
  return (await import(pathToFileURL(index).href)) as Core;
}

/** CPU-seconds `executions` runs take, after as many untimed warm-up runs; checks each run succeeded. */
async function cpuSeconds(core: Core, c: AbCase): Promise<number> {
  const decoded = core.decodeDefinition(JSON.stringify(c.definition));
  if (decoded.definition === undefined) throw new Error(`${c.name}: invalid definition`);
  const machine = core.compileMachine(decoded.definition);
  const runOnce = async (): Promise<void> => {
    const { state } = await core.runLocally(machine, {
      execution,
      input: JSON.stringify(c.input),
      startTime: Date.now(),
      services: nodeServices,
      invokeTask: () => Promise.resolve({ output: '{"ok":true}' }),
    });
    if (state.status !== 'SUCCEEDED') throw new Error(`${c.name}: ${state.status} ${state.error ?? ''}`);
  };
  for (let i = 0; i < c.executions; i++) await runOnce();
  const before = process.cpuUsage();
  for (let i = 0; i < c.executions; i++) await runOnce();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { old: { type: 'string' }, repeats: { type: 'string' } } });
  const commit = values.old ?? '8fdd7ba';
  const repeats = Number(values.repeats ?? '7');
  const oldCore = await oldCoreAt(commit);
  const load = loadavg()[0] ?? 0;
  say(`core at ${commit} (old) vs this checkout (new), ${String(repeats)} repeats, alternating`);
  say('| workload | new/old CPU ratios | median | old CPU-s (median) | new CPU-s (median) |');
  say('| --- | --- | --- | --- | --- |');
  for (const c of cases) {
    const ratios: number[] = [];
    const olds: number[] = [];
    const news: number[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      const order = repeat % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
      const seconds: Record<string, number> = {};
      for (const which of order) seconds[which] = await cpuSeconds(which === 'old' ? oldCore : newCore, c);
      olds.push(seconds.old ?? 0);
      news.push(seconds.new ?? 0);
      ratios.push((seconds.new ?? 0) / (seconds.old ?? 1));
    }
    const list = ratios.map((ratio) => ratio.toFixed(2)).join(', ');
    const cells = [c.name, list, median(ratios).toFixed(3), median(olds).toFixed(3), median(news).toFixed(3)];
    say(`| ${cells.join(' | ')} |`);
  }
  say(`load average: ${load.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`);
}

await main();
