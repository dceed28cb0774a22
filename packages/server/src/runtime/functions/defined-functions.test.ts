import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { DefinedFunctions, type LocalFunctionDefinition } from './defined-functions.ts';

const codeDir = fileURLToPath(new URL('./fixtures/defined/', import.meta.url));
const logs: string[] = [];
const functions = new DefinedFunctions({
  region: 'us-east-1',
  accountId: '123456789012',
  environment: { PATH: process.env.PATH },
  onLog: (name, line) => logs.push(`${name}: ${line}`),
});
after(() => {
  functions.close();
});

function define(overrides: Partial<LocalFunctionDefinition>): string {
  const name = `f${randomUUID().slice(0, 8)}`;
  const base = {
    name,
    codeDir,
    handler: 'pkg/app.lambda_handler',
    runtime: 'python3.12',
    environment: { GREETING: 'hi' },
  };
  functions.define([{ ...base, ...overrides, name }]);
  return name;
}

async function invoke(name: string, event: unknown): Promise<Record<string, unknown>> {
  const fn = functions.resolve(name);
  assert.ok(fn, `${name} is defined`);
  const outcome = await fn.invoke(JSON.stringify(event), 'req-1');
  return 'payload' in outcome
    ? { payload: JSON.parse(outcome.payload) as unknown }
    : { ...outcome, errorPayload: JSON.parse(outcome.errorPayload) as unknown };
}

describe('functions defined by infrastructure code', () => {
  it('runs a Python handler with a Lambda context, its environment and its output in the logs', async () => {
    const name = define({});
    const result = await invoke(name, { value: 7 });
    assert.deepEqual(result.payload, { value: 7, function: name, requestId: 'req-1', remaining: true, greeting: 'hi' });
    assert.ok(logs.includes(`${name}: got 7`), logs.join('\n'));
    const again = await invoke(name, { value: 8 });
    assert.equal((again.payload as { value: number }).value, 8);
  });

  it('reports a Python exception as Lambda does: errorType, errorMessage, stackTrace', async () => {
    const result = await invoke(define({ handler: 'pkg.app.fails' }), { value: 3 });
    assert.equal(result.errorType, 'ValueError');
    const payload = result.errorPayload as { errorMessage: string; errorType: string; stackTrace: string[] };
    assert.equal(payload.errorMessage, 'bad value 3');
    assert.equal(payload.errorType, 'ValueError');
    assert.match(payload.stackTrace.join(''), /app\.py", line \d+, in fails/);
  });

  it('runs a Node handler named module.export', async () => {
    const name = define({ handler: 'index.main', runtime: 'nodejs20.x' });
    assert.deepEqual((await invoke(name, { value: 1 })).payload, { node: 1, function: name, greeting: 'hi' });
  });

  it('names a missing interpreter, a missing module and a malformed handler', async () => {
    const missing = new DefinedFunctions({ region: 'us-east-1', accountId: '123456789012', python: 'python3-nowhere' });
    missing.define([{ name: 'p', codeDir, handler: 'pkg/app.lambda_handler', runtime: 'python3.12', environment: {} }]);
    const outcome = await missing.resolve('p')?.invoke('{}', 'r');
    assert.ok(outcome !== undefined && 'errorPayload' in outcome);
    assert.match(outcome.errorPayload, /Python interpreter 'python3-nowhere' was not found on PATH/);
    const absent = new DefinedFunctions({ region: 'us-east-1', accountId: '123456789012', python: '/nowhere/python3' });
    absent.define([{ name: 'p', codeDir, handler: 'pkg/app.lambda_handler', runtime: 'python3.12', environment: {} }]);
    const named = await absent.resolve('p')?.invoke('{}', 'r');
    assert.ok(named !== undefined && 'errorPayload' in named);
    assert.match(named.errorPayload, /Python interpreter '\/nowhere\/python3' does not exist; install Python 3/);
    const noModule = await invoke(define({ handler: 'nothere.main' }), {});
    assert.equal(noModule.errorType, 'Runtime.ImportModuleError');
    assert.match(JSON.stringify(noModule.errorPayload), /Unable to import module 'nothere'/);
    assert.equal((await invoke(define({ handler: 'nodot' }), {})).errorType, 'Runtime.MalformedHandlerName');
  });

  it("times out a slow handler with Lambda's Sandbox.Timedout", async () => {
    const name = define({ handler: 'slow.wait', timeoutSeconds: 0.3 });
    const result = await invoke(name, {});
    assert.equal(result.errorType, 'Sandbox.Timedout');
  });
});
