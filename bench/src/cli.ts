// `npm run bench` (options: `usage` below, or `-- --help`): runs the workloads, prints one table, writes
// bench/results/latest.json. Benchmarks never fail on time: the exit code is 0 unless something crashed or an
// engine produced a wrong result.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ratioOf, targetMet, type Figure } from './figures.ts';
import { commitMeasured, machineInfo } from './machine.ts';
import { renderTable } from './table.ts';
import type { WorkloadOptions } from './workload.ts';
import { workloads } from './workloads/index.ts';

const usage =
  'npm run bench [-- --only NAME[,NAME]] [--repeats N] [--open-executions N] [--map-budget SECONDS] ' +
  '[--map-modes MODE[,MODE]]';

const resultsFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'latest.json');

const options = {
  only: { type: 'string', multiple: true },
  repeats: { type: 'string', default: '3' },
  'open-executions': { type: 'string' },
  'map-budget': { type: 'string' },
  'map-modes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof options }>>['values'];
  try {
    values = parseArgs({ options }).values;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(`${usage}\nworkloads: ${workloads.map((w) => w.name).join(', ')}\n`);
    return 0;
  }
  const only = (values.only ?? []).flatMap((names) => names.split(','));
  const unknown = only.filter((name) => !workloads.some((w) => w.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown workload ${unknown.join(', ')}; known: ${workloads.map((w) => w.name).join(', ')}\n`);
    return 2;
  }
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1) {
    process.stderr.write('--repeats must be a positive integer\n');
    return 2;
  }
  const openExecutions = values['open-executions'] === undefined ? undefined : Number(values['open-executions']);
  if (openExecutions !== undefined && (!Number.isInteger(openExecutions) || openExecutions < 1)) {
    process.stderr.write('--open-executions must be a positive integer\n');
    return 2;
  }
  const mapBudgetSeconds = values['map-budget'] === undefined ? undefined : Number(values['map-budget']);
  if (mapBudgetSeconds !== undefined && !(mapBudgetSeconds >= 0)) {
    process.stderr.write('--map-budget must be a number of seconds (0: no budget)\n');
    return 2;
  }
  const selected = only.length === 0 ? workloads : workloads.filter((w) => only.includes(w.name));
  const log = (line: string): void => {
    process.stderr.write(`  ${line}\n`);
  };
  const commit = commitMeasured();
  const machine = machineInfo();
  const figures: Figure[] = [];
  for (const workload of selected) {
    process.stderr.write(`${workload.name}\n`);
    const options: WorkloadOptions = { size: 'full', repeats, log };
    if (openExecutions !== undefined) options.openExecutions = openExecutions;
    if (mapBudgetSeconds !== undefined) options.mapBudgetSeconds = mapBudgetSeconds;
    if (values['map-modes'] !== undefined) options.mapModes = values['map-modes'].split(',');
    figures.push(...(await workload.run(options)));
  }
  process.stdout.write(`\n${renderTable(figures)}\n\n`);
  process.stdout.write(
    `commit ${commit}; ${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB, Node ${machine.node}; median of ${repeats}\n`,
  );
  mkdirSync(dirname(resultsFile), { recursive: true });
  const report = {
    commit,
    date: new Date().toISOString(),
    machine,
    repeats,
    figures: figures.map((f) => ({ ...f, ratio: ratioOf(f), met: targetMet(f) })),
  };
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`written ${resultsFile}\n`);
  return 0;
}

process.exitCode = await main();
