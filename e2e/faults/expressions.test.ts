// Fault injection, expressions: the memory bomb, the catastrophic regex (JSONata and a JSONPath filter),
// each after a Wait so that the runtime's scheduler, not the request, runs it; only the guilty execution
// fails, with AWS's error, and the API answers throughout. Latencies are printed, never asserted.
// test-group: serial (its latencies are printed and mean something only on an idle machine; see scripts/run-tests.ts)

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { serveForTests } from '../api/shared-server.ts';
import { createMachine, ended } from '../api/sfn-client.ts';
import { probeWhile, report } from './probe.ts';

const bomb = 'a'.repeat(41) + '!';

let sfn: SFNClient;
serveForTests((started) => ({ sfn } = started));

/** Runs a one-state machine after a one-second Wait; its DescribeExecution and the slowest API answer. */
async function runAfterWait(name: string, state: object, input: object) {
  const machine = await createMachine(sfn, name, {
    StartAt: 'W',
    States: { W: { Type: 'Wait', Seconds: 1, Next: 'S' }, S: { ...state, End: true } },
  });
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify(input) }));
  const end = ended(sfn, started.executionArn ?? '');
  const slowest = await probeWhile(sfn, end);
  report(`${name}: slowest ListStateMachines meanwhile ${slowest.toFixed(0)} ms`);
  return end;
}

it('the JSONata memory bomb fails with States.QueryEvaluationError', async () => {
  const described = await runAfterWait(
    'memory-bomb',
    { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $count([1..50].$uppercase($pad("", 100000000))) %}' },
    {},
  );
  assert.equal(described.status, 'FAILED');
  assert.equal(described.error, 'States.QueryEvaluationError');
});

it('a catastrophic JSONata regex answers at once', async () => {
  const described = await runAfterWait(
    'regex-bomb',
    { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% {"n": $count($match($states.input.s, /^(a+)+$/))} %}' },
    { s: bomb },
  );
  assert.equal(described.status, 'SUCCEEDED');
  assert.equal(described.output, '{"n":0}');
});

it('a catastrophic JSONPath filter regex answers at once', async () => {
  const described = await runAfterWait(
    'filter-bomb',
    { Type: 'Pass', Parameters: { 'hits.$': '$.items[?(@.s =~ /(a+)+b/)].s' } },
    { items: [{ s: bomb }, { s: 'aab' }] },
  );
  assert.equal(described.status, 'SUCCEEDED');
  assert.equal(described.output, '{"hits":["aab"]}');
});
