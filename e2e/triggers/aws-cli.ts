// Runs the real AWS CLI v2 (/usr/bin/aws, Debian package awscli) against a server, for the e2e tests (triggers, logs):
// `aws events|scheduler|logs|stepfunctions …` with fixed test credentials and JSON output.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { startServer, type ServerProcess } from '../api/server-process.ts';

export const aws = '/usr/bin/aws';

export interface CliResult {
  code: number;
  json: Record<string, unknown>;
  stderr: string;
}

/** `key`: the credentials to sign with (a server with --auth); test ones otherwise. */
export function cli(
  endpoint: string,
  args: readonly string[],
  key = { accessKeyId: 'cli', secretAccessKey: 'cli' },
): Promise<CliResult> {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const argv = ['--endpoint-url', endpoint, '--output', 'json', ...args];
  return new Promise((resolve) => {
    execFile(aws, argv, { env }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, json: stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>), stderr });
    });
  });
}

export async function cliOk(endpoint: string, ...args: string[]): Promise<Record<string, unknown>> {
  const result = await cli(endpoint, args);
  assert.equal(result.code, 0, result.stderr);
  return result.json;
}

export async function cliFails(endpoint: string, exception: string, ...args: string[]): Promise<string> {
  const result = await cli(endpoint, args);
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, new RegExp(`\\(${exception}\\) when calling`));
  return result.stderr;
}

/** Polls `probe` until it returns a value (at most `tries` times, 100 ms apart): for work the server does later. */
export async function eventually<T>(probe: () => Promise<T | undefined>, tries = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('gave up waiting');
}

/**
 * Registers the file's hooks: `stepwise serve`, and a one-Pass state machine `name` made on it through
 * `aws stepfunctions`; `use` receives the server once both are there. The server must exit 0 at the end.
 */
export function serveWithMachine(name: string, roleArn: string, use: (server: ServerProcess) => void): void {
  let server: ServerProcess | undefined;
  before(async () => {
    assert.ok(existsSync(aws), `${aws} is missing: install the Debian package awscli`);
    server = await startServer();
    use(server);
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const made = ['--name', name, '--definition', definition, '--role-arn', roleArn];
    await cliOk(server.url, 'stepfunctions', 'create-state-machine', ...made);
  });
  after(async () => {
    if (server !== undefined) assert.equal(await server.stop(), 0);
  });
}
