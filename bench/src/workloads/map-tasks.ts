// map-tasks: a real `stepwise serve` with one local identity function. An inline Map of N Task iterations
// (MaxConcurrency 40), and a Distributed Map of N items (MaxConcurrency 10,000, AWS's most) whose children are
// EXPRESS or STANDARD, each with a Pass child (the cheapest honest iteration: the figure is the map run's, not
// the function pool's) and beside it a Task child; each at growing N: seconds, items per second, server CPU
// per item, how the per-item cost grows from the smallest N to the largest, the server's peak RSS and its
// database size. A size whose projected time exceeds the budget is reported, not run.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Figure } from '../figures.ts';
import { ApiClient, roleArn, startServer, type BenchServer } from '../server.ts';
import { WrongResultError, type Workload } from '../workload.ts';

type Mode =
  | 'inline'
  | 'distributed-express-pass'
  | 'distributed-standard-pass'
  | 'distributed-express-task'
  | 'distributed-standard-task';

/**
 * The sizes each mode runs at, smallest first: the 1,000, 10,000 and 100,000 for the Pass children
 * (its throughput targets); the Task children, limited by the local function pool, stop at 10,000.
 */
const fullSizes: Record<Mode, number[]> = {
  inline: [1000, 10_000],
  'distributed-express-pass': [1000, 10_000, 100_000],
  'distributed-standard-pass': [1000, 10_000, 100_000],
  'distributed-express-task': [1000, 10_000],
  'distributed-standard-task': [1000, 10_000],
};
/** The Done-when's items per second, per kind of child. */
const targets: Partial<Record<Mode, number>> = {
  'distributed-express-pass': 3000,
  'distributed-standard-pass': 1000,
};
/**
 * A size is skipped when its projected wall time is above this (the run must end by itself, in CI too);
 * `--map-budget SECONDS` changes it, and `--map-budget 0` runs every size.
 */
const defaultBudgetSeconds = 300;

export function mapTasksDefinition(mode: Mode, functionArn: string): object {
  if (mode !== 'inline') return distributedDefinition(mode, functionArn);
  const processor = { Mode: 'INLINE' };
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 40,
        ItemProcessor: {
          ProcessorConfig: processor,
          StartAt: 'Work',
          States: { Work: { Type: 'Task', Resource: functionArn, End: true } },
        },
        End: true,
      },
    },
  };
}

/**
 * The distributed Map makes its N items from the input's `n` and answers their count and sum: 100,000 items
 * as input or output would exceed the 256 KiB payload limit (AWS's too), which only an ItemReader avoids.
 */
function distributedDefinition(mode: Exclude<Mode, 'inline'>, functionArn: string): object {
  const executionType = mode.startsWith('distributed-standard') ? 'STANDARD' : 'EXPRESS';
  const work = mode.endsWith('-pass')
    ? { Type: 'Pass', End: true }
    : { Type: 'Task', Resource: functionArn, Arguments: '{% $states.input %}', End: true };
  return {
    QueryLanguage: 'JSONata',
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        Items: '{% [0..($states.input.n - 1)] %}',
        MaxConcurrency: 10_000,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: executionType },
          StartAt: 'Work',
          States: { Work: work },
        },
        Output: '{% {"count": $count($states.result), "sum": $sum($states.result)} %}',
        End: true,
      },
    },
  };
}

interface SizeResult {
  items: number;
  seconds: number;
  rssMiB: number;
  databaseMiB: number;
  serverCpuSeconds: number;
}

export const mapTasks: Workload = {
  name: 'map-tasks',
  run: async (options) => {
    const functions = mkdtempSync(join(tmpdir(), 'stepwise-bench-functions-'));
    writeFileSync(join(functions, 'identity.mjs'), 'export const handler = async (event) => event;\n');
    const figures: Figure[] = [];
    try {
      for (const mode of modesOf(options.mapModes)) {
        const sizes = options.size === 'full' ? fullSizes[mode] : [4];
        const budget = options.mapBudgetSeconds ?? defaultBudgetSeconds;
        figures.push(...(await runMode(mode, sizes, budget === 0 ? Infinity : budget, functions, options.log)));
      }
    } finally {
      rmSync(functions, { recursive: true, force: true });
    }
    return figures;
  },
};

/** The modes asked for (`--map-modes`), all when none is named; a name that is no mode is an error. */
function modesOf(names: string[] | undefined): Mode[] {
  const all = Object.keys(fullSizes) as Mode[];
  if (names === undefined) return all;
  const unknown = names.filter((name) => !(all as string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown --map-modes ${unknown.join(', ')}; known: ${all.join(', ')}`);
  return all.filter((mode) => names.includes(mode));
}

async function runMode(
  mode: Mode,
  sizes: number[],
  budgetSeconds: number,
  functions: string,
  log: (line: string) => void,
): Promise<Figure[]> {
  const results: SizeResult[] = [];
  const figures: Figure[] = [];
  for (const items of sizes) {
    const projected = projectSeconds(results, items);
    if (projected !== undefined && projected > budgetSeconds) {
      log(`${mode} ${items}: not run, projected ${projected.toFixed(0)} s`);
      figures.push({
        workload: 'map-tasks',
        metric: `${mode} ${items.toLocaleString('en-US')} items: items/s`,
        better: 'higher',
        note: `not run: projected ${projected.toFixed(0)} s (budget ${budgetSeconds} s, --map-budget) from the smaller sizes`,
      });
      continue;
    }
    const result = await runSize(mode, items, functions);
    log(
      `${mode} ${items}: ${result.seconds.toFixed(2)} s, ${(items / result.seconds).toFixed(0)} items/s, ` +
        `${((result.serverCpuSeconds * 1000) / items).toFixed(3)} ms CPU per item, peak RSS ${result.rssMiB.toFixed(0)} MiB, database ${result.databaseMiB.toFixed(1)} MiB`,
    );
    results.push(result);
    figures.push(sizeFigure(mode, result));
  }
  figures.push(...costGrowth(mode, results));
  return figures;
}

function sizeFigure(mode: Mode, result: SizeResult): Figure {
  const target = targets[mode];
  const cpuMs = (result.serverCpuSeconds * 1000) / result.items;
  return {
    workload: 'map-tasks',
    metric: `${mode} ${result.items.toLocaleString('en-US')} items: items/s`,
    better: 'higher',
    stepwise: result.items / result.seconds,
    ...(target === undefined ? {} : { target: { kind: 'atLeast' as const, value: target } }),
    note:
      `${result.seconds.toFixed(2)} s wall, server ${result.serverCpuSeconds.toFixed(1)} CPU-s ` +
      `(${cpuMs.toFixed(3)} ms per item), peak RSS ${result.rssMiB.toFixed(0)} MiB, ` +
      `database ${result.databaseMiB.toFixed(1)} MiB`,
  };
}

/**
 * How the per-item cost grows from the smallest size run to the largest (at most 1.3 is the target): the
 * wall time per item, and beside it the server's CPU per item, which the machine's load disturbs less.
 */
function costGrowth(mode: Mode, results: SizeResult[]): Figure[] {
  const first = results[0];
  const last = results.at(-1);
  if (first === undefined || last === undefined || first === last) return [];
  const span = `${first.items.toLocaleString('en-US')} to ${last.items.toLocaleString('en-US')}`;
  const cpuPerItem = (result: SizeResult): number => result.serverCpuSeconds / result.items;
  const growth = (metric: string, ratio: number): Figure => ({
    workload: 'map-tasks',
    metric: `${mode} ${metric} ${span}`,
    better: 'lower',
    stepwise: ratio,
    target: { kind: 'atMost', value: 1.3 },
  });
  return [
    growth('per-item wall time growth', last.seconds / last.items / (first.seconds / first.items)),
    growth('per-item CPU growth', cpuPerItem(last) / cpuPerItem(first)),
  ];
}

/**
 * Projects the wall time at `items` from the sizes run so far: their growth exponent, linear with one (a
 * Map's cost per item no longer grows with its size: 1.35 to 1.70 ms of CPU per EXPRESS item from 1,000
 * to 40,000; the quadratic guess of before skipped every size past the first).
 */
function projectSeconds(results: SizeResult[], items: number): number | undefined {
  const last = results.at(-1);
  if (last === undefined) return undefined;
  const before = results.at(-2);
  const exponent =
    before === undefined
      ? 1
      : Math.max(1, Math.log(last.seconds / before.seconds) / Math.log(last.items / before.items));
  return last.seconds * (items / last.items) ** exponent;
}

/**
 * An inline Map of N Task iterations records about 7 events per item: past about 3,500 items it would reach
 * AWS's quota of 25,000, which fails the execution (as on AWS), so the server is given a larger one.
 */
export function historyQuotaArgs(mode: Mode, items: number): string[] {
  return mode === 'inline' ? ['--max-history-events', String(10 * items + 1000)] : [];
}

/** One fresh server per size, so that its peak RSS and database are that size's alone. */
async function runSize(mode: Mode, items: number, functions: string): Promise<SizeResult> {
  const server = await startServer(['--functions', functions, ...historyQuotaArgs(mode, items)]);
  const client = new ApiClient(server.url, 4);
  try {
    const { stateMachineArn } = await client.call<{ stateMachineArn: string }>('CreateStateMachine', {
      name: `map-tasks-${mode}`,
      roleArn,
      definition: JSON.stringify(mapTasksDefinition(mode, 'arn:aws:lambda:us-east-1:123456789012:function:identity')),
    });
    const input = mode === 'inline' ? { items: Array.from({ length: items }, (_, i) => i) } : { n: items };
    const cpuBefore = server.cpuSeconds();
    const started = performance.now();
    const { executionArn } = await client.call<{ executionArn: string }>('StartExecution', {
      stateMachineArn,
      input: JSON.stringify(input),
    });
    const output = await untilEnded(client, executionArn);
    const seconds = (performance.now() - started) / 1000;
    checkOutput(mode, output, items);
    return { items, seconds, ...serverFigures(server), serverCpuSeconds: server.cpuSeconds() - cpuBefore };
  } finally {
    client.close();
    await server.stop();
  }
}

function serverFigures(server: BenchServer): { rssMiB: number; databaseMiB: number } {
  return { rssMiB: server.peakRssMiB(), databaseMiB: server.databaseMiB() };
}

async function untilEnded(client: ApiClient, executionArn: string): Promise<string> {
  for (;;) {
    const described = await client.call<{ status: string; output?: string; error?: string; cause?: string }>(
      'DescribeExecution',
      { executionArn },
    );
    if (described.status === 'SUCCEEDED') return described.output ?? '';
    if (described.status !== 'RUNNING')
      throw new WrongResultError(
        'stepwise',
        'map-tasks',
        `${described.status} ${described.error ?? ''} ${described.cause ?? ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function checkOutput(mode: Mode, output: string, items: number): void {
  const expected =
    mode === 'inline' ? Array.from({ length: items }, (_, i) => i) : { count: items, sum: (items * (items - 1)) / 2 };
  if (JSON.stringify(JSON.parse(output)) !== JSON.stringify(expected))
    throw new WrongResultError('stepwise', 'map-tasks', `${mode} ${items}: output ${output.slice(0, 200)}`);
}
