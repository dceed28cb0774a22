import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../service/errors.ts';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256Checksum } from '../testing/sha256-checksum.ts';
import {
  callerOfKey,
  createRequestAuth,
  isReadOperation,
  refuseForeignResource,
  type AccessKey,
  type Caller,
} from './request-auth.ts';
import type { SignedRequest } from './sigv4-verify.ts';

const account = '111111111111';
const writerKey = { accessKeyId: 'AKIDWRITER', secretAccessKey: 'secret-one', account, readOnly: false };
const keys = [writerKey, { accessKeyId: 'AKIDREADER', secretAccessKey: 'secret-two', account, readOnly: true }];
const writer: Caller = { accessKeyId: 'AKIDWRITER', account, readOnly: false };
const reader: Caller = { accessKeyId: 'AKIDREADER', account, readOnly: true };
const other = 'arn:aws:states:us-east-1:222222222222:stateMachine:theirs';
const mine = `arn:aws:states:us-east-1:${account}:stateMachine:mine`;

async function signedBy(key: AccessKey): Promise<SignedRequest> {
  const signer = new SignatureV4({ credentials: key, region: 'us-east-1', service: 'states', sha256: Sha256Checksum });
  const headers = { host: '127.0.0.1:8083', 'content-type': 'application/x-amz-json-1.0' };
  const request = {
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 8083,
    path: '/',
    headers,
    body: '{}',
  };
  const signed = await signer.sign(request);
  return { method: 'POST', url: '/', rawHeaders: Object.entries(signed.headers).flat(), body: Buffer.from('{}') };
}

function denied(run: () => void, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.type, 'AccessDeniedException');
    assert.match(error.message, message);
    return true;
  });
}

describe('createRequestAuth', () => {
  const auth = createRequestAuth({ keys, region: 'us-east-1', account });

  it('lets every request through as the server account when there are no keys', () => {
    const open = createRequestAuth({ keys: [], region: 'us-east-1', account });
    assert.equal(open.enabled, false);
    const caller = open.authenticate({ method: 'POST', url: '/', rawHeaders: [], body: Buffer.alloc(0) });
    assert.deepEqual(caller, { account, readOnly: false });
    open.authorize(caller, 'states', 'DeleteStateMachine', { stateMachineArn: other });
  });

  it('refuses an unsigned request when keys are configured', () => {
    assert.equal(auth.enabled, true);
    assert.throws(
      () => auth.authenticate({ method: 'POST', url: '/', rawHeaders: [], body: Buffer.alloc(0) }),
      (error: unknown) => error instanceof ApiError && error.type === 'MissingAuthenticationTokenException',
    );
  });

  it('refuses a read-only key every mutating operation, naming the action', () => {
    auth.authorize(reader, 'states', 'DescribeStateMachine', { stateMachineArn: mine });
    auth.authorize(reader, 'states', 'ListExecutions', {});
    for (const operation of [
      'CreateStateMachine',
      'StartExecution',
      'GetActivityTask',
      'TestState',
      'SendTaskSuccess',
    ]) {
      denied(
        () => {
          auth.authorize(reader, 'states', operation, {});
        },
        new RegExp(`user/AKIDREADER is not authorized to perform: states:${operation} `),
      );
    }
    auth.authorize(writer, 'states', 'CreateStateMachine', {});
  });

  it('refuses an ARN of another account wherever it is in a request of the other APIs', () => {
    denied(() => {
      auth.authorize(writer, 'scheduler', 'CreateSchedule', { Target: { Arn: other } });
    }, /resource: arn:aws:states:us-east-1:222222222222:stateMachine:theirs/);
    denied(() => {
      auth.authorize(writer, 'events', 'PutTargets', { Targets: [{ Id: 't', Arn: `${other}:1` }] });
    }, /222222222222/);
    auth.authorize(writer, 'scheduler', 'CreateSchedule', { Target: { Arn: mine } });
  });

  it("leaves Step Functions' ARNs to the account's service, which every call passes (service/accounts.ts)", () => {
    auth.authorize(writer, 'states', 'DescribeStateMachine', { stateMachineArn: other });
  });

  it("refuses a resource of another account to a call made in the resource's account (a start route)", () => {
    denied(() => {
      refuseForeignResource(writer, 'states', 'StartExecution', other);
    }, /user\/AKIDWRITER is not authorized to perform: states:StartExecution on resource: .*:theirs because/);
    refuseForeignResource(writer, 'states', 'StartExecution', mine);
  });

  it('hands every request a key signs the same caller, made once with its audit identity', async () => {
    const caller = auth.authenticate(await signedBy(writerKey));
    assert.equal(auth.authenticate(await signedBy(writerKey)), caller);
    assert.deepEqual(caller, callerOfKey(writerKey));
    assert.deepEqual(caller.identity, {
      type: 'IAMUser',
      accountId: account,
      accessKeyId: 'AKIDWRITER',
      arn: `arn:aws:iam::${account}:user/AKIDWRITER`,
    });
  });

  it("serves Step Functions, CloudWatch Logs and the trigger APIs per account, the others to the server account's keys only", () => {
    const theirs: Caller = { accessKeyId: 'AKIDTHEIRS', account: '222222222222', readOnly: false };
    auth.authorize(theirs, 'states', 'ListStateMachines', {});
    auth.authorize(theirs, 'logs', 'DescribeLogGroups', {});
    for (const service of ['events', 'scheduler', 'pipes']) auth.authorize(theirs, service, 'ListRules', {});
    denied(() => {
      const ours = 'arn:aws:states:us-east-1:111111111111:stateMachine:ours';
      auth.authorize(theirs, 'events', 'PutTargets', { Rule: 'r', Targets: [{ Id: 't', Arn: ours }] });
    }, /events:PutTargets on resource: arn:aws:states:us-east-1:111111111111:stateMachine:ours/);
    denied(() => {
      const arn = 'arn:aws:logs:us-east-1:111111111111:log-group:/app';
      auth.authorize(theirs, 'logs', 'FilterLogEvents', { logGroupIdentifier: arn });
    }, /logs:FilterLogEvents on resource: arn:aws:logs:us-east-1:111111111111:log-group:\/app/);
    auth.authorize(writer, 'events', 'ListRules', {});
  });

  it('tells read operations from the rest', () => {
    const reads = [
      'DescribeExecution',
      'ListTagsForResource',
      'GetExecutionHistory',
      'ValidateStateMachineDefinition',
      'TestEventPattern',
    ];
    const writes = ['GetActivityTask', 'StartSyncExecution', 'TagResource', 'PutEvents', 'Describe'];
    assert.deepEqual(
      reads.map(isReadOperation),
      reads.map(() => true),
    );
    assert.deepEqual(
      writes.map(isReadOperation),
      writes.map(() => false),
    );
  });
});
