// Black box: the audit trail of `stepwise serve`. Calls that change something (made with the AWS SDK, and
// one with plain HTTP to the CloudWatch Logs API) are read back from `GET /audit` as CloudTrail records
// in JSON lines: who, when, what, the request id the caller got, the outcome; reads leave no record and
// execution data is hidden.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { ServerProcess } from './server-process.ts';
import { serveForTests } from './shared-server.ts';
import { fails, roleArn } from './sfn-client.ts';

let server: ServerProcess;
let sfn: SFNClient;
serveForTests((started) => ({ server, sfn } = started));

interface AuditRecord {
  eventName: string;
  eventSource: string;
  eventTime: string;
  requestID: string;
  errorCode?: string;
  userIdentity: { type: string; accountId: string };
  requestParameters: Record<string, unknown>;
  readOnly: boolean;
}

async function trail(): Promise<AuditRecord[]> {
  const response = await fetch(`${server.url}/audit`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/x-ndjson');
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditRecord);
}

describe('the audit trail', () => {
  it('records every call that changes something, with its request id and outcome, as CloudTrail does', async () => {
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const created = await sfn.send(new CreateStateMachineCommand({ name: 'audited', roleArn, definition }));
    await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: created.stateMachineArn, input: '{"card":"4111"}' }),
    );
    await fails(
      sfn.send(new CreateStateMachineCommand({ name: 'broken', roleArn, definition: '{}' })),
      'InvalidDefinition',
    );
    const logs = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogGroup' },
      body: JSON.stringify({ logGroupName: 'audited-group' }),
    });
    assert.equal(logs.status, 200);
    const records = await trail();
    assert.deepEqual(
      records.map((r) => [r.eventSource, r.eventName, r.errorCode ?? 'ok']),
      [
        ['states.amazonaws.com', 'CreateStateMachine', 'ok'],
        ['states.amazonaws.com', 'StartExecution', 'ok'],
        ['states.amazonaws.com', 'CreateStateMachine', 'InvalidDefinition'],
        ['logs.amazonaws.com', 'CreateLogGroup', 'ok'],
      ],
    );
    const [create, start, , group] = records;
    assert.ok(create !== undefined && start !== undefined && group !== undefined);
    assert.equal(create.requestID, created.$metadata.requestId);
    assert.equal(start.requestID, started.$metadata.requestId);
    assert.equal(group.requestID, logs.headers.get('x-amzn-requestid'));
    assert.equal(start.requestParameters.input, 'HIDDEN_DUE_TO_SECURITY_REASONS');
    assert.equal(start.requestParameters.stateMachineArn, created.stateMachineArn);
    assert.equal(create.requestParameters.name, 'audited');
    assert.deepEqual(create.userIdentity, { type: 'AWSAccount', accountId: '123456789012' });
    assert.match(create.eventTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(create.readOnly, false);
  });
});
