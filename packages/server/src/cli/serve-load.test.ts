// `stepwise serve --load TEMPLATE` and `stepwise load --dry-run`, through the real binary: a SAM template's
// Python function runs as a Task (Lambda context, environment, its exception caught as Lambda's error type),
// its Schedule event becomes an EventBridge rule (with `serve --load` and with `stepwise load` on the running
// server), and an edited template is loaded again while serving.

import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { spawnServe } from '../testing/serve-process.ts';
import { callApi as call } from './cli-test-calls.ts';

const binary = fileURLToPath(new URL('../../bin/stepwise.js', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/sam-python/', import.meta.url));

async function runToEnd(url: string, input: object): Promise<Record<string, unknown>> {
  const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:extract';
  const started = await call(url, 'StartExecution', { stateMachineArn: arn, input: JSON.stringify(input) });
  for (;;) {
    const described = await call(url, 'DescribeExecution', { executionArn: started.executionArn });
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('serve --load a SAM template with a Python function', () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-sam-'));
    cpSync(fixture, dir, { recursive: true });
    ({ child, url } = await spawnServe(binary, join(dir, 'data'), ['--load', join(dir, 'template.yaml')]));
  });

  after(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the Python function as the Task names it', async () => {
    const described = await runToEnd(url, { key: 'cat.png' });
    assert.equal(described.status, 'SUCCEEDED', JSON.stringify(described));
    const output = JSON.parse(String(described.output)) as unknown;
    assert.deepEqual(output, { key: 'cat.png', size: 7, unit: 'us-east-1-bytes', by: 'extract-metadata' });
  });

  it("catches the Python exception by its type, with Lambda's error payload as the cause", async () => {
    const described = await runToEnd(url, {});
    assert.equal(described.status, 'SUCCEEDED', JSON.stringify(described));
    const output = JSON.parse(String(described.output)) as { error: { Error: string; Cause: string } };
    assert.equal(output.error.Error, 'ValueError');
    const cause = JSON.parse(output.error.Cause) as { errorMessage: string; errorType: string; stackTrace: string[] };
    assert.equal(cause.errorMessage, 'no key in the event');
    assert.match(cause.stackTrace.join(''), /metadata\.py/);
  });

  it('puts the Schedule event as a scheduled EventBridge rule targeting the machine', async () => {
    const events = async (operation: string, body: object): Promise<Record<string, unknown>> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${operation}` },
        body: JSON.stringify(body),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    const { Rules } = (await events('ListRules', {})) as { Rules: { Name: string; ScheduleExpression?: string }[] };
    assert.deepEqual(
      Rules.map((rule) => [rule.Name, rule.ScheduleExpression]),
      [['ExtractHourly', 'rate(1 hour)']],
    );
    const { Targets } = (await events('ListTargetsByRule', { Rule: 'ExtractHourly' })) as {
      Targets: { Arn: string }[];
    };
    assert.deepEqual(
      Targets.map((target) => target.Arn),
      ['arn:aws:states:us-east-1:123456789012:stateMachine:extract'],
    );
  });

  it('makes the Api event an HTTP start route: a POST starts the machine with the body', async () => {
    const headers = { 'content-type': 'application/json' };
    const response = await fetch(`${url}/extract`, { method: 'POST', headers, body: '{"key":"dog.png"}' });
    assert.equal(response.status, 200);
    const { executionArn } = (await response.json()) as { executionArn: string };
    assert.match(executionArn, /:execution:extract:/);
    let described: Record<string, unknown> = {};
    for (let attempt = 0; attempt < 100 && described.status !== 'SUCCEEDED'; attempt++) {
      described = await call(url, 'DescribeExecution', { executionArn });
      if (described.status === 'RUNNING') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(described.input, '{"key":"dog.png"}');
  });

  it('stepwise load puts the same template into the running server, triggers included', () => {
    const result = spawnSync(process.execPath, [binary, 'load', join(dir, 'template.yaml'), '--endpoint', url], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^unchanged arn:aws:states:us-east-1:123456789012:stateMachine:extract$/m);
    assert.match(result.stdout, /^trigger arn:aws:events:us-east-1:123456789012:rule\/ExtractHourly$/m);
  });

  it('loads the template again when it changes', async () => {
    const file = join(dir, 'template.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('Type: Pass\n', 'Type: Pass\n            Result: rejected\n'),
    );
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:extract';
    let definition = '';
    for (let attempt = 0; attempt < 100 && !definition.includes('rejected'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      definition = String((await call(url, 'DescribeStateMachine', { stateMachineArn: arn })).definition);
    }
    assert.match(definition, /"Result":"rejected"/);
  });

  it('deletes the rule and the route of events removed from the template on the next reload', async () => {
    const file = join(dir, 'template.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.indexOf('      Events:')));
    let rules: unknown[] = [{}];
    for (let attempt = 0; attempt < 100 && rules.length > 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.ListRules' },
        body: '{}',
      });
      rules = ((await response.json()) as { Rules: unknown[] }).Rules;
    }
    assert.deepEqual(rules, []);
    // No route answers: the request reaches the Step Functions API, which names no operation in it.
    const gone = await fetch(`${url}/extract`, { method: 'POST', body: '{}' });
    assert.notEqual(gone.status, 200);
    assert.doesNotMatch(await gone.text(), /executionArn/);
  });
});

it('stepwise load --dry-run reports the machine, the function and the rule of its Schedule event', () => {
  const result = spawnSync(process.execPath, [binary, 'load', join(fixture, 'template.yaml'), '--dry-run'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines[0], 'state machine extract (STANDARD) from Extract');
  assert.equal(lines[1], 'rule ExtractHourly from ExtractHourly');
  assert.equal(lines[2], 'route POST /extract from ExtractWeb');
  assert.match(
    lines[3] ?? '',
    /^function extract-metadata \(python3\.12, metadata\.lambda_handler\) runs .*sam-python\/functions$/,
  );
});

it('stepwise load names a missing path', () => {
  const result = spawnSync(process.execPath, [binary, 'load', join(fixture, 'nothing.yaml'), '--dry-run'], {
    encoding: 'utf8',
  });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /nothing\.yaml does not exist/);
});
