// A throwaway PostgreSQL cluster for the tests and benchmarks: initdb into a temporary directory, the
// server on a free 127.0.0.1 port, stopped and removed afterwards. PostgreSQL refuses to run as root, so
// as root its binaries run as the `postgres` user (Debian's package creates it) through runuser.
//
// The server runs under a small shell watchdog that reads our stdin: when this process ends in any way
// (a failed test, SIGKILL, a closed pipe), the pipe closes, and the watchdog stops the server and removes
// its directory, so no cluster outlives its tests.

import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PostgresCluster {
  /** `postgres://stepwise@127.0.0.1:PORT/DATABASE` */
  urlOf(database: string): string;
  /** A new, empty database; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Drops a database made by createDatabase, its connections closed first. */
  dropDatabase(name: string): Promise<void>;
  /** CPU seconds the server's processes have used so far, ended ones included (Linux /proc; benchmarks). */
  cpuSeconds(): number;
  /** Stops the server at once and removes its directory. */
  stop(): Promise<void>;
}

export class PostgresUnavailableError extends Error {
  override name = 'PostgresUnavailableError';
}

/** The newest /usr/lib/postgresql/N/bin holding initdb (Debian's layout; not on PATH). */
export function findPostgresBin(root = '/usr/lib/postgresql'): string {
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb'))) return bin;
  }
  throw new PostgresUnavailableError(`no PostgreSQL under ${root} (apt-get install postgresql)`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const asRoot = (): boolean => userInfo().uid === 0;

/** The command line that runs `argv` as the postgres user when we are root. */
function asPostgres(argv: string[]): [string, string[]] {
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', ...argv]] : [argv[0] ?? '', argv.slice(1)];
}

/**
 * The watchdog: starts the server in the background, reads its own stdin (our pipe) to the end, then
 * stops the server (SIGQUIT: immediate shutdown), waits for it and removes the directory. $1 is the
 * postgres binary, $2 the directory, $3 the port, $4 the durability settings (several -c words).
 */
const watchdog = `"$1" -D "$2/data" -k "$2" -p "$3" -c listen_addresses=127.0.0.1 $4 \\
  -c max_connections=300 </dev/null >"$2/log" 2>&1 &
pid=$!
cat >/dev/null
kill -QUIT $pid 2>/dev/null
wait $pid
rm -rf "$2"`;

export interface PostgresClusterOptions {
  /** Where the cluster's directory is made (default: the system's temporary directory); a small file system
   * here lets a test fill the database server's disk. */
  parentDir?: string;
  /**
   * 'process' (the default, the tests'): fsync off; a crash of Stepwise's process loses nothing, a crash of
   * the machine may corrupt the cluster (the tests kill processes, never the machine). 'machine-recent': fsync
   * on, commits acknowledged before their WAL is flushed (synchronous_commit off): a machine crash may lose
   * the last commits, never corrupts; SQLite's WAL mode with synchronous=NORMAL promises the same, so the
   * benchmarks that compare the two use it.
   */
  durability?: 'process' | 'machine-recent';
}

/** The server's settings for each durability (README, "Benchmarks", says which the bench uses). */
export const durabilitySettings = {
  process: '-c fsync=off',
  'machine-recent': '-c fsync=on -c synchronous_commit=off',
} as const;

/** Starts a cluster; fsync is off unless `durability` says otherwise. */
export async function startPostgresCluster(options: PostgresClusterOptions = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(options.parentDir ?? tmpdir(), 'stepwise-pg-'));
  try {
    if (asRoot()) chownSync(dir, idOfPostgres('-u'), idOfPostgres('-g'));
    const [initdb, initArgs] = asPostgres([join(bin, 'initdb'), '-D', join(dir, 'data'), '-U', 'stepwise']);
    await run(initdb, [...initArgs, '--auth=trust', '-E', 'UTF8', '--no-sync'], { timeout: 120_000 });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new PostgresUnavailableError(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
  const port = await freePort();
  const [shell, shellArgs] = asPostgres([
    'sh',
    '-c',
    watchdog,
    'watchdog',
    join(bin, 'postgres'),
    dir,
    String(port),
    durabilitySettings[options.durability ?? 'process'],
  ]);
  const child = spawn(shell, shellArgs, { stdio: ['pipe', 'ignore', 'ignore'] });
  const urlOf = (database: string): string => `postgres://stepwise@127.0.0.1:${String(port)}/${database}`;
  const stop = (): Promise<void> => stopWatchdog(child);
  try {
    await waitUntilReady(urlOf('postgres'), child);
  } catch (error) {
    await stop();
    throw error;
  }
  const cpuSeconds = (): number => clusterCpuSeconds(join(dir, 'data', 'postmaster.pid'));
  return {
    urlOf,
    createDatabase: async (name) => {
      await onMaintenanceDatabase(urlOf, `CREATE DATABASE "${name}"`);
      return urlOf(name);
    },
    dropDatabase: (name) => onMaintenanceDatabase(urlOf, `DROP DATABASE "${name}" WITH (FORCE)`),
    cpuSeconds,
    stop,
  };
}

async function onMaintenanceDatabase(urlOf: (database: string) => string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlOf('postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new PostgresUnavailableError('the PostgreSQL server exited at start');
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      // Not accepting connections yet.
    }
    if (Date.now() > deadline) throw new PostgresUnavailableError(`PostgreSQL did not start on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Closes the watchdog's stdin and waits until it has stopped the server and removed the directory. */
function stopWatchdog(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.stdin?.end();
  });
}

/** The postgres user's uid or gid, as `id` reports them. */
function idOfPostgres(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
}

/**
 * The postmaster's CPU time, its live children's (backends, WAL writer...) and that of the children it has
 * reaped (cutime, cstime): /proc/PID/stat fields 14 to 17, in clock ticks of 10 ms.
 */
function clusterCpuSeconds(pidFile: string): number {
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields === undefined) continue;
    const [ppid, utime, stime, cutime, cstime] = [3, 13, 14, 15, 16].map((index) => Number(fields[index]));
    if (Number(entry) === postmaster) ticks += (utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0);
    else if (ppid === postmaster) ticks += (utime ?? 0) + (stime ?? 0);
  }
  return ticks / 100;
}

/** /proc/PID/stat split into fields (index = the field number in proc(5) less one); undefined once gone. */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields resume after its closing parenthesis, at field 3 (state).
    return ['', '', ...stat.slice(stat.lastIndexOf(')') + 2).split(' ')];
  } catch {
    return undefined;
  }
}
