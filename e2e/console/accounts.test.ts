// Black box: `serve --auth` with keys of two accounts, each signed in to the console. Through the console's own
// routes and the API calls its pages make with the session cookie (the metrics data, the live stream, the
// triggers view and its routes, the Map Run API of the map run page, `/audit`, `/metrics`), B's session never
// reads A's resources and cannot change them: every attempt answers AWS's error and A's resources stay as they
// were. In Chromium, B's session opening A's execution and map run pages sees AccessDeniedException, no data.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListMapRunsCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { ServerProcess } from '../api/server-process.ts';
import { consoleSignIn, startTwoAccounts, type TwoAccounts } from '../api/two-accounts.ts';
import { ensureConsoleBuilt } from './harness.ts';
import { launchChromium } from './browser.ts';

const region = 'us-east-1';
const accountA = '111122223333';
const accountB = '444455556666';
const keyA = { accessKeyId: 'AKIDCONSOLEA', secretAccessKey: 'console-a-secret-0', account: accountA, readOnly: false };
const keyB = { accessKeyId: 'AKIDCONSOLEB', secretAccessKey: 'console-b-secret-0', account: accountB, readOnly: false };

let server: ServerProcess;
let accounts: TwoAccounts | undefined;
let sdkA: SFNClient;
let sdkB: SFNClient;
let cookieA = '';
let cookieB = '';
/** A's resources: a machine with a failed and a running execution, a running map run. */
const ofA = { machine: '', failed: '', running: '', mapRun: '', mapRunExecution: '' };
let machineB = '';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

/** A request as the console's pages make it: the session cookie, from the console's origin, AWS JSON. */
async function asConsole(cookie: string, method: string, path: string, body?: object): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie, origin: server.url, 'content-type': 'application/x-amz-json-1.0' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // The stream, /audit and /metrics answer text.
  }
  return { status: response.status, body: parsed, text };
}

/** A Step Functions call from a console page (POST / with X-Amz-Target). */
async function api(cookie: string, operation: string, request: object): Promise<Answer> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: {
      cookie,
      origin: server.url,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AWSStepFunctions.${operation}`,
    },
    body: JSON.stringify(request),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, text: '' };
}

function denied(answer: Answer, what: string): void {
  assert.equal(answer.status, 400, `${what}: ${JSON.stringify(answer.body)}`);
  assert.equal(answer.body.__type, 'AccessDeniedException', what);
}

async function createMachine(sfn: SFNClient, account: string, name: string, definition: object): Promise<string> {
  const created = await sfn.send(
    new CreateStateMachineCommand({
      name,
      roleArn: `arn:aws:iam::${account}:role/console`,
      definition: JSON.stringify(definition),
    }),
  );
  return created.stateMachineArn ?? '';
}

async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached in 20 s');
}

async function setUpA(): Promise<void> {
  const activity = await sdkA.send(new CreateActivityCommand({ name: 'held' }));
  ofA.machine = await createMachine(sdkA, accountA, 'orders', {
    StartAt: 'Check',
    States: {
      Check: { Type: 'Choice', Choices: [{ Variable: '$.hold', BooleanEquals: true, Next: 'Fan' }], Default: 'Bad' },
      Bad: { Type: 'Fail', Error: 'OutOfStock' },
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 1,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Work',
          States: { Work: { Type: 'Task', Resource: activity.activityArn, End: true } },
        },
        End: true,
      },
    },
  });
  const start = async (input: object) =>
    (await sdkA.send(new StartExecutionCommand({ stateMachineArn: ofA.machine, input: JSON.stringify(input) })))
      .executionArn ?? '';
  ofA.failed = await start({ hold: false });
  ofA.running = await start({ hold: true, items: [1, 2, 3] });
  const runs = await until(
    () => sdkA.send(new ListMapRunsCommand({ executionArn: ofA.running })),
    (listed) => (listed.mapRuns?.length ?? 0) > 0,
  );
  ofA.mapRun = runs.mapRuns?.[0]?.mapRunArn ?? '';
  await until(
    () => sdkA.send(new DescribeExecutionCommand({ executionArn: ofA.failed })),
    (d) => d.status === 'FAILED',
  );
}

before(async () => {
  ensureConsoleBuilt();
  accounts = await startTwoAccounts(keyA, keyB, region);
  ({ server, a: sdkA, b: sdkB } = accounts);
  await setUpA();
  machineB = await createMachine(sdkB, accountB, 'orders', {
    StartAt: 'P',
    States: { P: { Type: 'Pass', End: true } },
  });
  const runB = await sdkB.send(new StartExecutionCommand({ stateMachineArn: machineB }));
  await until(
    () => sdkB.send(new DescribeExecutionCommand({ executionArn: runB.executionArn })),
    (d) => d.status === 'SUCCEEDED',
  );
  cookieA = await consoleSignIn(server.url, keyA);
  cookieB = await consoleSignIn(server.url, keyB);
});

after(async () => {
  try {
    if (ofA.running !== '') await sdkA.send(new StopExecutionCommand({ executionArn: ofA.running }));
  } finally {
    await accounts?.stop();
  }
});

describe("the console's routes under two accounts' sessions", () => {
  it("the metrics data: B's page counts B's executions only and is denied A's machine", async () => {
    const all = await asConsole(cookieB, 'GET', '/console/api/metrics?hours=1&buckets=4');
    assert.equal(all.status, 200);
    const buckets = all.body.buckets as { started: number; failed: number }[];
    assert.equal(
      buckets.reduce((n, b) => n + b.started, 0),
      1,
      "B's one execution, none of A's",
    );
    assert.deepEqual(all.body.failures, []);
    denied(
      await asConsole(cookieB, 'GET', `/console/api/metrics?stateMachineArn=${encodeURIComponent(ofA.machine)}`),
      "A's machine's metrics",
    );
    const ownA = await asConsole(
      cookieA,
      'GET',
      `/console/api/metrics?stateMachineArn=${encodeURIComponent(ofA.machine)}`,
    );
    assert.equal(ownA.status, 200);
    assert.deepEqual(
      (ownA.body.failures as { error: string }[]).map((f) => f.error),
      ['OutOfStock'],
    );
  });

  it("the live stream: B's session gets AccessDeniedException for A's execution and machine, not their events", async () => {
    for (const query of [
      `executionArn=${encodeURIComponent(ofA.running)}`,
      `executionArn=${encodeURIComponent(ofA.failed)}&after=0`,
    ]) {
      const controller = new AbortController();
      const response = await fetch(`${server.url}/console/api/stream?${query}`, {
        headers: { cookie: cookieB },
        signal: controller.signal,
      });
      const text = await response.text();
      assert.match(text, /event: error\ndata: .*AccessDeniedException/, query);
      assert.doesNotMatch(text, /event: history|event: execution|StateEntered/, query);
    }
  });

  it("the map run page's calls: B can neither read nor change A's map run, which keeps its settings", async () => {
    denied(await api(cookieB, 'DescribeMapRun', { mapRunArn: ofA.mapRun }), 'DescribeMapRun');
    denied(await api(cookieB, 'ListMapRuns', { executionArn: ofA.running }), 'ListMapRuns');
    denied(await api(cookieB, 'ListExecutions', { mapRunArn: ofA.mapRun }), 'ListExecutions(mapRunArn)');
    denied(await api(cookieB, 'UpdateMapRun', { mapRunArn: ofA.mapRun, maxConcurrency: 50 }), 'UpdateMapRun');
    const run = await sdkA.send(new DescribeMapRunCommand({ mapRunArn: ofA.mapRun }));
    assert.equal(run.maxConcurrency, 1);
    assert.equal(run.status, 'RUNNING');
    // A's own session reads and changes it through the same routes.
    const own = await api(cookieA, 'UpdateMapRun', { mapRunArn: ofA.mapRun, maxConcurrency: 2 });
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal((await sdkA.send(new DescribeMapRunCommand({ mapRunArn: ofA.mapRun }))).maxConcurrency, 2);
  });

  it("the execution page's calls: B cannot read, stop or redrive A's executions, which stay as they were", async () => {
    denied(await api(cookieB, 'DescribeExecution', { executionArn: ofA.running }), 'DescribeExecution');
    denied(await api(cookieB, 'GetExecutionHistory', { executionArn: ofA.failed }), 'GetExecutionHistory');
    denied(await api(cookieB, 'StopExecution', { executionArn: ofA.running }), 'StopExecution');
    denied(await api(cookieB, 'RedriveExecution', { executionArn: ofA.failed }), 'RedriveExecution');
    denied(
      await api(cookieB, 'StartExecution', { stateMachineArn: ofA.machine, input: '{"hold":false}' }),
      'StartExecution',
    );
    assert.equal((await sdkA.send(new DescribeExecutionCommand({ executionArn: ofA.running }))).status, 'RUNNING');
    const failed = await sdkA.send(new DescribeExecutionCommand({ executionArn: ofA.failed }));
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.redriveCount ?? 0, 0);
    const listed = await api(cookieB, 'ListStateMachines', {});
    const arns = (listed.body.stateMachines as { stateMachineArn: string }[]).map((m) => m.stateMachineArn);
    assert.deepEqual(arns, [machineB]);
  });

  it("the triggers view: B does not see A's route, cannot add one for A's machine nor remove A's", async () => {
    const route = { method: 'POST', path: '/orders-a', stateMachine: ofA.machine };
    const added = await asConsole(cookieA, 'POST', '/console/api/routes', route);
    assert.equal(added.status, 200, added.text);
    const paths = async (cookie: string) =>
      ((await asConsole(cookie, 'GET', '/console/api/triggers')).body.routes as { path: string }[]).map((r) => r.path);
    assert.deepEqual(await paths(cookieA), ['/orders-a']);
    assert.deepEqual(await paths(cookieB), []);
    const forA = await asConsole(cookieB, 'POST', '/console/api/routes', { ...route, path: '/by-b' });
    assert.equal(forA.body.__type, 'AccessDeniedException', forA.text);
    const removed = await asConsole(cookieB, 'DELETE', '/console/api/routes', { method: 'POST', path: '/orders-a' });
    assert.equal(removed.body.__type, 'ResourceNotFoundException', removed.text);
    assert.deepEqual(await paths(cookieA), ['/orders-a']);
  });

  it("/audit and /metrics under B's session show nothing of A's", async () => {
    const audit = await asConsole(cookieB, 'GET', '/audit');
    assert.equal(audit.status, 200);
    const records = audit.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { recipientAccountId: string; userIdentity: { accountId: string } });
    // B's own calls only: its refused attempts on A's ARNs are there, none of A's calls.
    assert.ok(records.length > 0);
    assert.ok(records.every((r) => r.recipientAccountId === accountB && r.userIdentity.accountId === accountB));
    assert.doesNotMatch(audit.text, /AKIDCONSOLEA/);
    const metrics = await asConsole(cookieB, 'GET', '/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.text, new RegExp(`:${accountB}:stateMachine:orders`));
    assert.doesNotMatch(metrics.text, new RegExp(accountA));
  });

  it("in Chromium, B's session opening A's execution and map run pages gets AccessDeniedException, no data", async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const [name, value] = cookieB.split('=');
      await context.addCookies([{ name: name ?? '', value: value ?? '', url: server.url }]);
      const page = await context.newPage();
      await page.goto(`${server.url}/executions/${ofA.running}`);
      await page.getByRole('alert').getByText('AccessDeniedException').waitFor();
      assert.doesNotMatch((await page.textContent('body')) ?? '', /"hold"|Fan|Work/);
      await page.goto(`${server.url}/map-runs/${ofA.mapRun.replaceAll('/', '%2F')}`);
      await page.getByRole('alert').getByText('AccessDeniedException').waitFor();
      assert.equal(await page.getByTestId('map-run').count(), 0);
    } finally {
      await browser.close();
    }
  });
});
