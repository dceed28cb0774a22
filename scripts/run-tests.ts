// `npm test`: runs the test files in two groups. Most files wait on servers, moto, PostgreSQL or Chromium
// rather than on the CPU, so they run several at a time; the files that measure or need the CPU (load,
// benches, fault probes that print latencies, durability kills) say `// test-group: serial` and run one at
// a time afterwards, alone on the machine. A new file is concurrent unless it says so.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const roots = ['packages', 'conformance', 'e2e', 'bench', 'scripts', 'examples'];
const serialMark = /^\/\/ test-group: serial\b/m;
/** How many files the closing table lists. */
const slowestShown = 30;

/** Every `*.test.ts` under the roots, outside node_modules and build output, sorted. */
function testFiles(): string[] {
  const files = roots.flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.test.ts') && !/(^|\/)(node_modules|dist)\//.test(path))
      .map((path) => join(root, path)),
  );
  return files.sort();
}

/**
 * How many concurrent files: STEPWISE_TEST_CONCURRENCY, else one per core, at least 2. Twice the cores was
 * tried: on 2 cores under load the Chromium and function-worker tests then missed their time limits.
 */
function concurrency(): number {
  const asked = Number(process.env['STEPWISE_TEST_CONCURRENCY']);
  if (Number.isInteger(asked) && asked > 0) return asked;
  return Math.max(2, cpus().length);
}

/** Runs one group through node's test runner, appending test times to `times`; resolves to its exit code. */
function runGroup(name: string, files: string[], filesAtOnce: number, times: string): Promise<number> {
  if (files.length === 0) return Promise.resolve(0);
  process.stdout.write(`\n# ${name}: ${String(files.length)} files, ${String(filesAtOnce)} at a time\n`);
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-force-exit',
      `--test-concurrency=${String(filesAtOnce)}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/file-times-reporter.js',
      '--test-reporter-destination=stdout',
      ...files,
    ],
    { stdio: 'inherit', env: { ...process.env, STEPWISE_TEST_TIMES: times } },
  );
  // A runner told to stop passes it on, so no test file outlives `npm test`.
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      process.stdout.write(`# ${name}: ${signal ?? `exit ${String(code)}`} after ${seconds} s\n`);
      resolve(code ?? 1);
    });
  });
}

/**
 * The files whose top-level tests took longest, so a reader of the CI log sees where the time goes. A file's
 * start-up and module-level hooks are not counted: the figures are a little under each file's wall time.
 */
function slowestFiles(times: string): string {
  const perFile = new Map<string, number>();
  for (const line of readFileSync(times, 'utf8').split('\n')) {
    const [ms, file] = line.split('\t');
    if (ms === undefined || file === undefined) continue;
    perFile.set(file, (perFile.get(file) ?? 0) + Number(ms));
  }
  const rows = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, slowestShown);
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const total = seconds([...perFile.values()].reduce((sum, ms) => sum + ms, 0));
  const lines = rows.map(([file, ms]) => `${seconds(ms).padStart(9)}  ${relative(process.cwd(), file)}`);
  return [`\n# The slowest of ${String(perFile.size)} test files (their tests add up to ${total}):`, ...lines, ''].join(
    '\n',
  );
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const files = asked.length > 0 ? asked : testFiles();
  const serial = files.filter((file) => serialMark.test(readFileSync(file, 'utf8')));
  const concurrent = files.filter((file) => !serial.includes(file));
  const folder = mkdtempSync(join(tmpdir(), 'stepwise-test-times-'));
  const times = join(folder, 'times.tsv');
  try {
    const concurrentCode = await runGroup('concurrent files', concurrent, concurrency(), times);
    const serialCode = await runGroup('serial files', serial, 1, times);
    process.stdout.write(slowestFiles(times));
    process.exitCode = concurrentCode !== 0 ? concurrentCode : serialCode;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
