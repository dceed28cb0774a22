// Black box: `stepwise load` into a server started with --auth. It signs every call with the credentials of the
// environment, as the AWS CLI does, so the template's machines, triggers and HTTP start routes are made in the
// key's account; unsigned it is refused with the server's reason, a read-only key is denied. Loading the
// smaller template then deletes what the first load made and the template lost (checked through the AWS SDK).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { dropped, listEverything, postRoute, shrinkingTemplate } from './shrinking-template.ts';

const binary = fileURLToPath(new URL('../../packages/server/bin/stepwise.js', import.meta.url));
const region = 'us-east-1';
const account = '444455556666';
const writer = { accessKeyId: 'AKIDLOADWRITER', secretAccessKey: 'load-writer-secret', account, readOnly: false };
const reader = { accessKeyId: 'AKIDLOADREADER', secretAccessKey: 'load-reader-secret', account, readOnly: true };
const dir = mkdtempSync(join(tmpdir(), 'stepwise-load-auth-'));
const template = join(dir, 'app.yaml');
let server: ServerProcess;

/** `stepwise load` with these credentials in its environment (none: no AWS_* and no profile files). */
function load(key?: { accessKeyId: string; secretAccessKey: string }) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  Object.assign(env, { AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });
  if (key !== undefined) {
    Object.assign(env, { AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey });
  }
  const args = [binary, 'load', template, '--endpoint', server.url, '--account', account];
  return spawnSync(process.execPath, args, { encoding: 'utf8', env, timeout: 120_000 });
}

const list = () => listEverything({ endpoint: server.url, region, credentials: writer });

before(async () => {
  const keys = join(dir, 'keys.json');
  writeFileSync(keys, JSON.stringify([writer, reader]));
  chmodSync(keys, 0o600);
  server = await startServer(['--auth', keys]);
  writeFileSync(template, shrinkingTemplate({ full: true }));
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('unsigned, nothing is loaded and each resource names the missing signature', () => {
  const result = load();
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /^not loaded: Kept \(AWS::StepFunctions::StateMachine\): MissingAuthenticationToken/m);
  assert.match(result.stdout, /^not loaded: KeptWeb \(SAM Api event\): MissingAuthenticationToken/m);
});

it('with a read-only key, each change is denied', () => {
  const result = load(reader);
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /^not loaded: Kept \(AWS::StepFunctions::StateMachine\): AccessDeniedException/m);
});

it("signed with a writer's key, the template loads into the key's account, routes included", async () => {
  const result = load(writer);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, new RegExp(`^created arn:aws:states:us-east-1:${account}:stateMachine:Kept$`, 'm'));
  assert.match(result.stdout, /^trigger route POST \/kept$/m);
  assert.deepEqual(await list(), {
    machines: ['Dropped', 'Kept'],
    activities: ['Queue'],
    rules: ['GoneRule', 'KeptRule'],
    schedules: ['GoneSchedule', 'KeptSchedule'],
    pipes: ['GonePipe', 'KeptPipe'],
  });
  const started = await postRoute(server.url, dropped.route);
  assert.equal(started.status, 200, started.body);
  assert.match(started.body, new RegExp(`"executionArn":"arn:aws:states:us-east-1:${account}:execution:Kept:`));
});

it('loading the smaller template deletes what the first load made and the template lost', async () => {
  writeFileSync(template, shrinkingTemplate({ full: false }));
  const result = load(writer);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^removed rule\/default\/GoneRule, no longer in the template$/m);
  assert.match(result.stdout, /^removed route\/POST \/gone, no longer in the template$/m);
  assert.deepEqual(await list(), {
    machines: ['Kept'],
    activities: [],
    rules: ['KeptRule'],
    schedules: ['KeptSchedule'],
    pipes: ['KeptPipe'],
  });
  const gone = await postRoute(server.url, dropped.route);
  assert.notEqual(gone.status, 200, gone.body);
  assert.equal((await postRoute(server.url, '/kept')).status, 200);
});
