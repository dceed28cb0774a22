// `stepwise run --mocks FILE --test-case NAME`: Step Functions Local mock files drive Task results,
// including retries through numbered responses; unmocked states run their real function.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { cli } from './cli-test-calls.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const functions = fileURLToPath(new URL('../runtime/functions/fixtures/', import.meta.url));
const definition = fixture('mocked-order.asl.json');
const mocks = fixture('order-mocks.json');

interface Report {
  status: string;
  output: Record<string, unknown>;
  events: { type: string }[];
}

async function run(...extra: string[]): Promise<Report> {
  const result = await cli('run', definition, '--input', '{"order":1}', '--json', '--history', ...extra);
  assert.equal(result.code, result.out.includes('"SUCCEEDED"') ? 0 : 1, result.err);
  return JSON.parse(result.out) as Report;
}

test('a mocked Task is retried through the numbered responses; the machine name is the file name', async () => {
  const report = await run('--mocks', mocks, '--test-case', 'Flaky');
  assert.equal(report.status, 'SUCCEEDED');
  assert.deepEqual(report.output, {
    order: 1,
    charge: { paid: true, attempt: 3 },
    ship: { shipped: { tracking: 'T-1' } },
  });
  const lambdaEvents = report.events.map((event) => event.type).filter((type) => type.startsWith('LambdaFunction'));
  assert.equal(lambdaEvents.filter((type) => type === 'LambdaFunctionFailed').length, 2);
  assert.equal(lambdaEvents.filter((type) => type === 'LambdaFunctionSucceeded').length, 1);
});

test('a mocked Throw flows through Catch', async () => {
  const report = await run('--mocks', mocks, '--test-case', 'Lost');
  assert.equal(report.status, 'SUCCEEDED');
  assert.deepEqual(report.output.error, { Error: 'Shipping.Lost', Cause: 'the parcel is lost' });
  assert.equal(report.output.status, 'not shipped');
});

test('--name chooses the state machine name the mocks are looked up by', async () => {
  const report = await run('--mocks', mocks, '--test-case', 'Happy', '--name', 'Orders');
  assert.deepEqual(report.output.charge, { paid: true });
});

test('a state the test case does not mock calls its real function', async () => {
  const report = await run('--mocks', mocks, '--test-case', 'RealShipping', '--functions', functions);
  assert.equal(report.status, 'SUCCEEDED');
  assert.deepEqual(report.output.ship, {
    shipped: { shell: { order: 1, charge: { paid: true } }, function: 'sh-echo' },
  });
});

const mockErrors: { name: string; argv: string[]; message: RegExp }[] = [
  {
    name: 'an unknown test case',
    argv: ['--mocks', mocks, '--test-case', 'Nope'],
    message: /no test case named 'Nope' \(defined: Flaky, Lost, RealShipping\)/,
  },
  {
    name: 'an unknown state machine name',
    argv: ['--mocks', mocks, '--test-case', 'Happy', '--name', 'Invoices'],
    message: /no state machine named 'Invoices' \(defined: mocked-order, Orders\)/,
  },
  {
    name: 'a malformed mock file',
    argv: ['--mocks', fixture('bad-mocks.json'), '--test-case', 'Flaky'],
    message:
      /bad-mocks\.json: \/MockedResponses\/Paid\/0: a response must have exactly one of Return or Throw\n.*bad-mocks\.json: \/StateMachines\/mocked-order\/TestCases\/Flaky\/Charge: no mocked response named 'Missing'/,
  },
  { name: '--mocks without --test-case', argv: ['--mocks', mocks], message: /--mocks and --test-case go together/ },
];

for (const { name, argv, message } of mockErrors) {
  test(`run with ${name} exits 2 with a clear message`, async () => {
    const result = await cli('run', definition, ...argv);
    assert.equal(result.code, 2);
    assert.match(result.err, message);
    assert.equal(result.out, '');
  });
}
