// The task executor with real local functions in worker processes and executables: results, Lambda's
// errors for throws, hangs and exits, reloads, callbacks and cancellation. No test measures time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonValue, TaskInvocation } from '@stepwise/core';
import { createTaskExecutor, type TaskExecutor, type TaskExecutorOptions, type TaskOutcome } from './executor.ts';

const fixtures = fileURLToPath(new URL('../functions/fixtures/', import.meta.url));
const arn = (name: string): string => `arn:aws:lambda:eu-west-1:111122223333:function:${name}`;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const environment = { PATH: '/usr/local/bin:/usr/bin:/bin' };

function executor(options: Partial<TaskExecutorOptions> = {}): TaskExecutor {
  return createTaskExecutor({
    functionsDir: fixtures,
    region: 'eu-west-1',
    accountId: '111122223333',
    environment,
    functionTimeouts: { loops: 0.5, 'sh-sleeps': 0.5 },
    ...options,
  });
}

function task(resource: string, input: JsonValue, stateName = 'Call'): TaskInvocation {
  return { taskId: `task-${stateName}`, resource, input, stateName };
}

function output(outcome: TaskOutcome): Record<string, unknown> {
  assert.ok('output' in outcome && outcome.output !== undefined, JSON.stringify(outcome));
  return JSON.parse(outcome.output) as Record<string, unknown>;
}

function failure(outcome: TaskOutcome): { error: string; cause: Record<string, unknown> } {
  assert.ok('error' in outcome, JSON.stringify(outcome));
  return { error: outcome.error, cause: JSON.parse(outcome.cause ?? '{}') as Record<string, unknown> };
}

test('a module function gets the event and a Lambda context, and runs outside the server process', async () => {
  const run = executor();
  try {
    const result = output(await run.execute(task(arn('context'), { a: 1 })));
    assert.deepEqual(result.event, { a: 1 });
    assert.equal(result.functionName, 'context');
    assert.equal(result.functionVersion, '$LATEST');
    assert.equal(result.invokedFunctionArn, arn('context'));
    assert.equal(result.memoryLimitInMB, '128');
    assert.match(result.awsRequestId as string, uuid);
    assert.equal(result.logGroupName, '/aws/lambda/context');
    assert.match(result.logStreamName as string, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.equal(result.callbackWaitsForEmptyEventLoop, true);
    assert.ok((result.remaining as number) > 0 && (result.remaining as number) <= 3000);
    assert.notEqual(result.pid, process.pid);
  } finally {
    run.close();
  }
});

test('a warm worker serves the next call of an unchanged function', async () => {
  const run = executor();
  try {
    const first = output(await run.execute(task(arn('context'), {})));
    const second = output(await run.execute(task(arn('context'), {})));
    assert.equal(second.pid, first.pid);
  } finally {
    run.close();
  }
});

test('lambda:invoke finds the function by name, name with qualifier, ARN and partial ARN', async () => {
  const run = executor();
  try {
    for (const name of [
      'context',
      'context:live',
      arn('context'),
      `${arn('context')}:7`,
      '111122223333:function:context',
    ]) {
      const response = output(
        await run.execute(task('arn:aws:states:::lambda:invoke', { FunctionName: name, Payload: 1 })),
      );
      assert.equal(response.StatusCode, 200, name);
      assert.equal((response.Payload as Record<string, unknown>).event, 1, name);
    }
  } finally {
    run.close();
  }
});

test('a function that throws fails its task with its error type and a Node.js error payload', async () => {
  const run = executor();
  try {
    const { error, cause } = failure(await run.execute(task(arn('fails'), {})));
    assert.equal(error, 'StockError');
    assert.equal(cause.errorType, 'StockError');
    assert.equal(cause.errorMessage, 'no stock left');
    assert.ok(Array.isArray(cause.trace));
    assert.equal((cause.trace as string[])[0], 'StockError: no stock left');
  } finally {
    run.close();
  }
});

test('a function that loops for ever times out as Lambda reports it, and the next call still runs', async () => {
  const run = executor();
  try {
    const outcome = await run.execute(task(arn('loops'), {}));
    const { error, cause } = failure(outcome);
    assert.equal(error, 'Sandbox.Timedout');
    assert.equal(cause.errorType, 'Sandbox.Timedout');
    assert.match(cause.errorMessage as string, /^RequestId: [0-9a-f-]{36} Error: Task timed out after 0\.50 seconds$/);
    assert.equal(output(await run.execute(task(arn('context'), 'after'))).event, 'after');
  } finally {
    run.close();
  }
});

test('a function that calls process.exit fails only its own task with Runtime.ExitError', async () => {
  const run = executor();
  try {
    const { error, cause } = failure(await run.execute(task(arn('exits'), {})));
    assert.equal(error, 'Runtime.ExitError');
    assert.match(
      cause.errorMessage as string,
      /^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 1$/,
    );
    // A fresh process serves the function again; the server is untouched.
    assert.equal(failure(await run.execute(task(arn('exits'), {}))).error, 'Runtime.ExitError');
    assert.equal(output(await run.execute(task(arn('context'), 2))).event, 2);
  } finally {
    run.close();
  }
});

test('a callback-style handler answers through its callback', async () => {
  const run = executor();
  try {
    assert.deepEqual(output(await run.execute(task(arn('callback'), 'x'))), { called: 'x' });
  } finally {
    run.close();
  }
});

test('a function edited between two calls answers with its new code, without a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-functions-'));
  const run = executor({ functionsDir: dir });
  try {
    writeFileSync(join(dir, 'version.mjs'), 'export const handler = () => ({ version: 1, pid: process.pid });\n');
    const first = output(await run.execute(task(arn('version'), {})));
    writeFileSync(join(dir, 'version.mjs'), 'export const handler = () => ({ version: 2, pid: process.pid });\n');
    const second = output(await run.execute(task(arn('version'), {})));
    assert.equal(first.version, 1);
    assert.equal(second.version, 2);
  } finally {
    run.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const executableCases: { name: string; input: JsonValue; check: (outcome: TaskOutcome) => void }[] = [
  {
    name: 'sh-echo',
    input: { n: 1 },
    check: (outcome) => {
      assert.deepEqual(output(outcome), { shell: { n: 1 }, function: 'sh-echo' });
    },
  },
  {
    name: 'py-echo',
    input: { n: 21 },
    check: (outcome) => {
      assert.deepEqual(output(outcome), { doubled: 42 });
    },
  },
  {
    name: 'py-fails',
    input: { n: 1 },
    check: (outcome) => {
      const { error, cause } = failure(outcome);
      assert.equal(error, 'ValidationError');
      assert.deepEqual(cause, { errorType: 'ValidationError', errorMessage: 'bad input: {"n": 1}' });
    },
  },
  {
    name: 'sh-crash',
    input: {},
    check: (outcome) => {
      const { error, cause } = failure(outcome);
      assert.equal(error, 'Runtime.ExitError');
      assert.match(cause.errorMessage as string, /Error: Runtime exited with error: exit status 3$/);
    },
  },
  {
    name: 'sh-sleeps',
    input: {},
    check: (outcome) => {
      const { error, cause } = failure(outcome);
      assert.equal(error, 'Sandbox.Timedout');
      assert.match(cause.errorMessage as string, /Error: Task timed out after 0\.50 seconds$/);
    },
  },
];

for (const { name, input, check } of executableCases) {
  test(`an executable function: ${name}`, async () => {
    const run = executor();
    try {
      check(await run.execute(task(arn(name), input)));
    } finally {
      run.close();
    }
  });
}

test('lambda:invoke.waitForTaskToken invokes the function, then reports that the task waits for its callback', async () => {
  const run = executor();
  try {
    const resource = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
    const waiting = await run.execute(task(resource, { FunctionName: 'context', Payload: { token: 't' } }));
    assert.ok('waitingForCallback' in waiting && waiting.waitingForCallback);
    assert.equal(output(waiting).StatusCode, 200, "the invoke's response is the integration's TaskSubmitted output");
    // A failed invoke fails the task at once: there is nothing to wait for.
    assert.equal(failure(await run.execute(task(resource, { FunctionName: 'fails' }))).error, 'StockError');
  } finally {
    run.close();
  }
});

test('aborting a running invocation kills it and rejects with the reason', async () => {
  const run = executor({ functionTimeouts: { loops: 60 } });
  try {
    const controller = new AbortController();
    const pending = run.execute(task(arn('loops'), {}), { signal: controller.signal });
    setImmediate(() => {
      controller.abort(new Error('stopped by the test'));
    });
    await assert.rejects(pending, /stopped by the test/);
    assert.equal(output(await run.execute(task(arn('context'), 3))).event, 3);
  } finally {
    run.close();
  }
});

test('a resource that no handler performs fails with States.TaskFailed saying so', async () => {
  const run = executor();
  try {
    const outcome = await run.execute(task('arn:aws:states:::sqs:sendMessage', {}));
    assert.ok('error' in outcome);
    assert.equal(outcome.error, 'States.TaskFailed');
    assert.match(outcome.cause ?? '', /sqs:sendMessage/);
  } finally {
    run.close();
  }
});

test('a handler given in the options performs its resources before Lambda', async () => {
  const run = executor({
    handlers: [
      { handles: (resource) => resource.includes(':sqs:'), execute: () => Promise.resolve({ output: '"sent"' }) },
    ],
  });
  try {
    assert.deepEqual(await run.execute(task('arn:aws:states:::sqs:sendMessage', {})), { output: '"sent"' });
  } finally {
    run.close();
  }
});

test('with concurrency 1 a second call waits for the first, even one that hangs until its timeout', async () => {
  const run = executor({ concurrency: 1 });
  try {
    const finished: string[] = [];
    const hanging = run.execute(task(arn('loops'), {})).then((outcome) => {
      finished.push('loops');
      return outcome;
    });
    const quick = run.execute(task(arn('context'), {})).then((outcome) => {
      finished.push('context');
      return outcome;
    });
    assert.equal(failure(await hanging).error, 'Sandbox.Timedout');
    assert.deepEqual(output(await quick).event, {});
    assert.deepEqual(finished, ['loops', 'context']);
  } finally {
    run.close();
  }
});

const brokenModules: { name: string; source: string; error: string; message: RegExp }[] = [
  {
    name: 'a module without a handler export',
    source: 'export const other = 1;\n',
    error: 'Runtime.HandlerNotFound',
    message: /^broken\.handler is undefined or not exported$/,
  },
  {
    name: 'a module with a syntax error',
    source: 'export const handler = ( => 1;\n',
    error: 'Runtime.UserCodeSyntaxError',
    message: /^SyntaxError: /,
  },
  {
    name: 'a module whose import fails',
    source: "import 'no-such-package-anywhere';\nexport const handler = () => 1;\n",
    error: 'Runtime.ImportModuleError',
    message: /no-such-package-anywhere/,
  },
];

for (const { name, source, error, message } of brokenModules) {
  test(`${name} fails its task with Lambda's ${error}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-broken-'));
    const run = executor({ functionsDir: dir });
    try {
      writeFileSync(join(dir, 'broken.mjs'), source);
      const outcome = failure(await run.execute(task(arn('broken'), {})));
      assert.equal(outcome.error, error);
      assert.match(outcome.cause.errorMessage as string, message);
    } finally {
      run.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
