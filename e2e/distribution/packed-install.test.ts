// Black box: `npm pack` of the stepwise package, installed into an empty folder, then `npx stepwise validate` and
// `npx stepwise serve` run from there and answer the AWS SDK: the installed copy is plain JavaScript.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createMachine, ended, sfnClient } from '../api/sfn-client.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** npm install of the packed tarball on two busy cores, from npm's cache when it has the packages. */
const installTimeoutMs = 300_000;

let dir: string;
let server: ChildProcess | undefined;

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: installTimeoutMs });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** All files under `root`, relative to it. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'stepwise-pack-'));
  const packed = run(npm, ['pack', '--silent', '--pack-destination', dir], join(repo, 'packages/server')).trim();
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  // --ignore-scripts: better-sqlite3 would compile its native addon again (minutes, and it needs node-gyp's
  // headers); the checkout's build of the same version serves instead. Nothing of stepwise's runs at install.
  run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, packed)], app);
  const addon = 'node_modules/better-sqlite3/build/Release';
  mkdirSync(join(app, addon), { recursive: true });
  copyFileSync(join(repo, addon, 'better_sqlite3.node'), join(app, addon, 'better_sqlite3.node'));
});

after(async () => {
  await stopServer();
  rmSync(dir, { recursive: true, force: true });
});

/** `npx` starts the server in a child of its own, so the whole process group is signalled. */
async function stopServer(): Promise<void> {
  const child = server;
  if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

it('installs no TypeScript: the package holds the built bundle only', () => {
  const installed = join(dir, 'app/node_modules/stepwise');
  const files = filesUnder(installed);
  assert.ok(files.includes('dist/bundle/cli.js'), 'the CLI bundle is packed');
  assert.deepEqual(
    files.filter((file) => file.endsWith('.ts')),
    [],
  );
});

it('runs `npx stepwise validate` from the empty folder', () => {
  const app = join(dir, 'app');
  writeFileSync(
    join(app, 'bad.json'),
    JSON.stringify({ StartAt: 'Nowhere', States: { A: { Type: 'Pass', End: true } } }),
  );
  const result = spawnSync('npx', ['--no-install', 'stepwise', 'validate', 'bad.json'], { cwd: app, encoding: 'utf8' });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stdout, /bad\.json:1:\d+ /);
});

it('runs `npx stepwise serve` from the empty folder, and the AWS SDK drives it', async () => {
  const app = join(dir, 'app');
  const child = spawn(
    'npx',
    ['--no-install', 'stepwise', 'serve', '--port', '0', '--data', 'data', '--log-level', 'warn'],
    {
      cwd: app,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  server = child;
  const url = await listeningUrl(child);
  const sfn = sfnClient(url);
  try {
    const machine = await createMachine(sfn, 'packed', {
      StartAt: 'Hi',
      States: { Hi: { Type: 'Pass', Result: { from: 'the packed copy' }, End: true } },
    });
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine }));
    const done = await ended(sfn, started.executionArn ?? '');
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(done.output ?? ''), { from: 'the packed copy' });
    const page = await fetch(url);
    assert.equal(page.status, 200, 'the packed copy serves the web console');
  } finally {
    sfn.destroy();
    await stopServer();
  }
});

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (https?:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      reject(new Error(`npx stepwise serve exited ${String(code)}:\n${output}`));
    });
  });
}
