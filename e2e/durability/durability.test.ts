// Durability: a process running the runtime is killed with SIGKILL at random moments (at least 20
// times) and restarted on the same SQLite file; every execution must end with the status, output and
// history core's in-memory runner records for it uninterrupted: no event lost, none written twice. Job
// `.sync` tasks are among them; a second run kills the process each time a job is pending, mid-poll.
// test-group: serial (its kills and restarts want the CPU; see scripts/run-tests.ts)

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import Database from 'better-sqlite3';
import { compileMachine, decodeDefinition, runLocally } from '@stepwise/core';
import { openSqliteStore } from '../../packages/server/src/store/sqlite/sqlite-store.ts';
import { largeMapName, services, tasks, withoutMapRunArns, workload } from './workload.ts';

const count = 600;
const minimumKills = 20;
const childFile = new URL('./child.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'stepwise-durability-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** History events written so far (read while no child runs). */
function eventCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM history_events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Whether the large inline Map had started and not ended (read while no child runs). */
function largeMapRunning(file: string): boolean {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('SELECT status FROM executions WHERE name = ?').get(largeMapName) as
      { status: string } | undefined;
    return row?.status === 'RUNNING';
  } finally {
    db.close();
  }
}

/** The poll counts of the jobs whose `.sync` task waits for them (their work items). */
function pendingJobs(file: string): number[] {
  const db = new Database(file, { readonly: true, fileMustExist: false });
  try {
    const rows = db.prepare(`SELECT payload FROM work WHERE kind = 'job'`).all() as { payload: string }[];
    return rows.map((row) => (JSON.parse(row.payload) as { job: { polls: number } }).job.polls);
  } catch {
    // The child has not created the tables yet.
    return [];
  } finally {
    db.close();
  }
}

/** Runs the child on `size` executions, its describe calls slow; kills it once a job has been polled `polls` times. */
function killWhenPolled(file: string, size: number, polls: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childFile, file, String(size), '300'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const watch = setInterval(() => {
      const pending = existsSync(file) ? pendingJobs(file) : [];
      if (pending.some((count) => count >= polls)) {
        clearInterval(watch);
        child.kill('SIGKILL');
        resolve(pending);
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(watch);
      if (signal !== 'SIGKILL')
        reject(new Error(`the run ended (${code}) before a job was polled ${polls} times: ${err}`));
    });
  });
}

/** Runs the child; kills it `killAfterMillis` after it is ready, unless undefined. True if it finished. */
function runChild(file: string, killAfterMillis: number | undefined, size = count): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childFile, file, String(size)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (killAfterMillis !== undefined && out.startsWith('ready')) {
        setTimeout(() => child.kill('SIGKILL'), killAfterMillis);
        killAfterMillis = undefined;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(out.includes('done'));
      else if (code === 0) resolve(true);
      else reject(new Error(`child exited with ${code}: ${err}`));
    });
  });
}

it(`survives ${minimumKills}+ SIGKILLs with every execution as if uninterrupted`, { timeout: 300_000 }, async () => {
  const file = join(dir, 'durable.sqlite');
  let kills = 0;
  let finished = false;
  const progressAtKills: number[] = [];
  const jobsAtKills: number[][] = [];
  let killsInLargeMap = 0;
  // Kill at random moments after the store is open, each run making a little progress before it dies
  // (the delays are randomised; the test asserts on results, never on time). A kill that found no new
  // progress doubles the window for the next, so that a slow (busy) machine still gets kills at different
  // points of the run. The last run finishes.
  let window = 100;
  while (!finished) {
    const killAt = kills < minimumKills + 5 ? Math.floor(Math.random() * window) : undefined;
    finished = await runChild(file, killAt);
    if (!finished) {
      kills++;
      const progress = eventCount(file);
      window = progress === progressAtKills.at(-1) ? Math.min(window * 2, 3_200) : 100;
      progressAtKills.push(progress);
      jobsAtKills.push(pendingJobs(file));
      if (largeMapRunning(file)) killsInLargeMap++;
    }
  }
  assert.ok(kills >= minimumKills, `only ${kills} kills landed before the run finished`);
  // The kills landed at different points of the run, not all before the first commit.
  assert.ok(new Set(progressAtKills).size >= minimumKills / 4, `progress at kills: ${progressAtKills.join(' ')}`);
  assert.ok(killsInLargeMap > 0, 'no kill landed while the large inline Map ran');
  const checked = await assertAsUninterrupted(file, count);
  assert.equal(checked, count);
  const store = openSqliteStore({ file });
  try {
    assert.equal(await store.nextWakeTime(), undefined);
    const events = progressAtKills.join(' ');
    process.stdout.write(`# durability: ${kills} kills survived (history events at each: ${events}), `);
    process.stdout.write(`${checked} executions checked, 0 differences; jobs pending at the kills: `);
    process.stdout.write(`${jobsAtKills.map((jobs) => jobs.length).join(' ')}; kills in the large Map: `);
    process.stdout.write(`${killsInLargeMap}\n`);
  } finally {
    await store.close();
  }
});

it(
  'survives kills while job .sync tasks wait for their jobs, each resumed at the poll it had reached',
  { timeout: 300_000 },
  async () => {
    const file = join(dir, 'jobs.sqlite');
    // Executions 4 and 10 of the workload run a job; its third poll ends it.
    const size = 11;
    const atKills: number[][] = [];
    for (const polls of [0, 1, 2]) atKills.push(await killWhenPolled(file, size, polls));
    assert.ok(await runChild(file, undefined, size), 'the last run finishes');
    assert.equal(await assertAsUninterrupted(file, size), size);
    const pending = atKills.map((jobs) => `[${jobs.join(',')}]`).join(' ');
    process.stdout.write(
      `# durability: killed with jobs pending at polls ${pending}, ${size} executions as if uninterrupted\n`,
    );
  },
);

/** Compares the first `size` executions of the workload with core's in-memory runner; the number checked. */
async function assertAsUninterrupted(file: string, size: number): Promise<number> {
  const store = openSqliteStore({ file });
  try {
    let checked = 0;
    for (const start of workload(size)) {
      const decoded = decodeDefinition(start.definition);
      assert.ok(decoded.definition !== undefined);
      const expected = await runLocally(compileMachine(decoded.definition), {
        execution: {
          executionArn: start.arn,
          name: start.name,
          roleArn: start.roleArn,
          stateMachineArn: start.stateMachineArn,
          stateMachineName: start.stateMachineName,
        },
        input: start.input,
        startTime: start.startDate,
        services,
        invokeTask: (invocation) => tasks.execute(invocation),
      });
      const record = await store.getExecution(start.arn);
      assert.equal(record?.status, expected.state.status, start.name);
      assert.equal(record.output, expected.state.output, start.name);
      const history = await store.getHistory(start.arn, { limit: 100_000 });
      assert.deepEqual(withoutMapRunArns(history.items), withoutMapRunArns(expected.events), start.name);
      checked++;
    }
    return checked;
  } finally {
    await store.close();
  }
}
