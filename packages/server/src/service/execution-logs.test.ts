// Execution logs against AWS's own: every corpus case of the logs tests runs on the durable runtime with
// its logging level and includeExecutionData, and the records Stepwise writes to the log group are
// compared field by field with the records AWS wrote for it (fixtures/aws-execution-logs.json).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, it } from 'node:test';
import { durableService, roleArn, type DurableService } from './durable-test-support.ts';

const corpus = fileURLToPath(new URL('../../../../../shared/conformance/localstack/cases/', import.meta.url));
const recorded = JSON.parse(readFileSync(new URL('fixtures/aws-execution-logs.json', import.meta.url), 'utf8')) as {
  cases: Record<string, Record<string, unknown>[]>;
};

interface CorpusCase {
  id: string;
  definition: object;
  input_text: string;
}

const logCases = readdirSync(corpus)
  .filter((file) => /^logs\.logs\.(base|partial_log_levels)\./.test(file))
  .map((file) => JSON.parse(readFileSync(`${corpus}${file}`, 'utf8')) as CorpusCase);

const group = '/aws/vendedlogs/states/corpus';
const destinations = [
  { cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*` } },
];

let s: DurableService | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** Starts the case's machine with a logging configuration and returns the records its execution wrote. */
async function logRecords(service: DurableService, testCase: CorpusCase, level: string, includeExecutionData: boolean) {
  const { stateMachineArn } = await service.call('CreateStateMachine', {
    name: 'corpus',
    roleArn,
    definition: JSON.stringify(testCase.definition),
    loggingConfiguration: { level, includeExecutionData, destinations },
  });
  const { executionArn } = await service.call('StartExecution', { stateMachineArn, input: testCase.input_text });
  await service.runUntilEnded(executionArn as string);
  await service.executionLogs.flush();
  const events = await service.store.queryLogEvents(group, { limit: 100 });
  return { executionArn: executionArn as string, events: events.items };
}

/** AWS's recording normalised: the ARN and role as placeholders, the timestamp as a word. */
function normalised(message: string, executionArn: string): Record<string, unknown> {
  const record = JSON.parse(message) as Record<string, unknown>;
  const text = JSON.stringify({ ...record, event_timestamp: 'timestamp' })
    .replaceAll(executionArn, '<execution_arn>')
    .replaceAll(roleArn, 'snf_role_arn');
  return JSON.parse(text) as Record<string, unknown>;
}

describe('execution logs: the corpus executions against the records AWS wrote', () => {
  assert.ok(logCases.length >= 18, `found ${String(logCases.length)} log cases`);
  for (const testCase of logCases) {
    const [, level = '', data = ''] = /json5_([A-Z]+)_(True|False)$/.exec(testCase.id) ?? [];
    it(testCase.id, async () => {
      s = durableService();
      await s.store.createLogGroup({ name: group, creationTime: 0 });
      const { executionArn, events } = await logRecords(s, testCase, level, data === 'True');
      const expected = recorded.cases[testCase.id] ?? [];
      assert.deepEqual(
        events.map((event) => normalised(event.message, executionArn)),
        expected,
      );
      // Member order too: AWS writes id, type, details, previous_event_id, event_timestamp, execution_arn, redrive_count.
      for (const event of events)
        assert.deepEqual(Object.keys(JSON.parse(event.message) as object), Object.keys(expected[0] ?? {}));
      for (const event of events) {
        const record = JSON.parse(event.message) as { event_timestamp: string };
        assert.equal(String(event.timestamp), record.event_timestamp);
        assert.match(event.streamName, /^states\/corpus\/\d{4}-\d{2}-\d{2}-\d{2}-\d{2}\/0a1b2c3d$/);
      }
    });
  }

  it('writes nothing, and the execution still succeeds, when the log group was deleted (logs.logs.deleted_log_group)', async () => {
    s = durableService();
    await s.store.createLogGroup({ name: group, creationTime: 0 });
    const { stateMachineArn } = await s.call('CreateStateMachine', {
      name: 'deleted',
      roleArn,
      definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
      loggingConfiguration: { level: 'ALL', includeExecutionData: true, destinations },
    });
    await s.store.deleteLogGroup(group);
    const { executionArn } = await s.call('StartExecution', { stateMachineArn });
    assert.equal((await s.runUntilEnded(executionArn as string)).status, 'SUCCEEDED');
    await s.executionLogs.flush();
    await s.store.createLogGroup({ name: group, creationTime: 1 });
    assert.deepEqual((await s.store.queryLogEvents(group, { limit: 10 })).items, []);
  });

  it('logs an Express execution, which keeps no history, the same way', async () => {
    s = durableService();
    await s.store.createLogGroup({ name: group, creationTime: 0 });
    const { stateMachineArn } = await s.call('CreateStateMachine', {
      name: 'fast',
      type: 'EXPRESS',
      roleArn,
      definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: 1, End: true } } }),
      loggingConfiguration: { level: 'ALL', includeExecutionData: false, destinations },
    });
    const { executionArn, status } = await s.call('StartSyncExecution', { stateMachineArn, input: '{"secret":1}' });
    assert.equal(status, 'SUCCEEDED');
    await s.executionLogs.flush();
    const records = (await s.store.queryLogEvents(group, { limit: 10 })).items.map(
      (event) => JSON.parse(event.message) as Record<string, unknown>,
    );
    assert.deepEqual(
      records.map((record) => [record.type, record.execution_arn, record.details]),
      [
        ['ExecutionStarted', executionArn, { roleArn }],
        ['PassStateEntered', executionArn, { name: 'P' }],
        ['PassStateExited', executionArn, { name: 'P' }],
        ['ExecutionSucceeded', executionArn, {}],
      ],
    );
    assert.match(executionArn as string, /:express:fast:/);
  });
});
