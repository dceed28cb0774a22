// Black box: execution logs and the audit trail of two `stepwise serve` nodes on one PostgreSQL database (a
// throwaway cluster). A log group made on one node receives the records of an execution another node ran,
// both nodes read the same events (CloudWatch Logs' FilterLogEvents) and the same audit trail, and a node
// started after both have stopped still serves them: nothing of either is kept per node.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { postgresPerFile } from 'stepwise/testing';
import { startServer, type ServerProcess } from './server-process.ts';
import { ended, roleArn, sfnClient } from './sfn-client.ts';

const group = '/aws/vendedlogs/states/shared';
const postgres = postgresPerFile('observability');

async function logs(node: ServerProcess, operation: string, request: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${node.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Logs_20140328.${operation}` },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(response.status, 200, `${operation}: ${JSON.stringify(body)}`);
  return body;
}

async function recordTypes(node: ServerProcess): Promise<string[]> {
  const out = await logs(node, 'FilterLogEvents', { logGroupName: group });
  return (out.events as { message: string }[]).map((e) => (JSON.parse(e.message) as { type: string }).type);
}

async function auditNames(node: ServerProcess): Promise<string[]> {
  const response = await fetch(`${node.url}/audit`);
  assert.equal(response.status, 200);
  const lines = (await response.text()).split('\n').filter((line) => line !== '');
  return lines.map((line) => (JSON.parse(line) as { eventName: string }).eventName);
}

/** Waits until the group holds a record of `type` (a node writes an execution's records just after each step). */
async function untilRecorded(node: ServerProcess, type: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await recordTypes(node)).includes(type)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`no ${type} record was written`);
}

describe('execution logs and the audit trail on PostgreSQL', () => {
  it('are shared by every node of the database and outlive them', async () => {
    const url = await postgres.fresh();
    const a = await startServer(['--database', url]);
    const b = await startServer(['--database', url]);
    const sfnB = sfnClient(b.url);
    try {
      await logs(a, 'CreateLogGroup', { logGroupName: group });
      const logGroupArn = `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*`;
      const created = await sfnB.send(
        new CreateStateMachineCommand({
          name: 'logged',
          roleArn,
          definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
          loggingConfiguration: { level: 'ALL', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }] },
        }),
      );
      const started = await sfnB.send(new StartExecutionCommand({ stateMachineArn: created.stateMachineArn }));
      await ended(sfnB, started.executionArn ?? '');
      await untilRecorded(a, 'ExecutionSucceeded');
      const expected = ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded'];
      assert.deepEqual(await recordTypes(a), expected, 'node A reads what node B wrote');
      assert.deepEqual(await recordTypes(b), expected);
      for (const node of [a, b]) {
        const names = await auditNames(node);
        for (const call of ['CreateLogGroup', 'CreateStateMachine', 'StartExecution'])
          assert.ok(names.includes(call), call);
      }
    } finally {
      sfnB.destroy();
      assert.equal(await a.stop(), 0);
      assert.equal(await b.stop(), 0);
    }
    const later = await startServer(['--database', url]);
    try {
      assert.equal((await recordTypes(later)).length, 4, 'the records outlive the nodes that wrote them');
      assert.ok((await auditNames(later)).includes('CreateLogGroup'));
    } finally {
      assert.equal(await later.stop(), 0);
    }
  });
});
