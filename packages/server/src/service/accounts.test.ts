// The account services: with accounts isolated, a call naming another account's ARN is refused (AccessDenied,
// naming the caller), whichever door it came through; without isolation it is read as the account's own.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { accountServices } from './accounts.ts';
import { Arns } from './arns.ts';
import { ApiError } from './errors.ts';
import { StandInRuntime } from './test-support.ts';

const theirs = 'arn:aws:states:us-east-1:222222222222:stateMachine:theirs';

function services(isolate: boolean) {
  const store = openSqliteStore({ file: ':memory:' });
  return accountServices({
    defaultAccount: '111111111111',
    isolate,
    optionsFor: (account) => ({
      store,
      runtime: new StandInRuntime(store),
      arns: new Arns({ region: 'us-east-1', accountId: account }),
      now: () => 1_700_000_000_000,
      random: () => 0,
      uuid: () => '00000000-0000-0000-0000-000000000001',
    }),
  });
}

function errorType(type: string, message?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.type, type);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  };
}

describe('accountServices', () => {
  it("refuses another account's ARN, naming the caller the edge passed, else the account's root", async () => {
    const { api } = services(true);
    const ctx = { requestId: 'r', account: '111111111111' };
    const principal = 'arn:aws:iam::111111111111:user/AKIDONE';
    await assert.rejects(
      api.call('DescribeStateMachine', { stateMachineArn: theirs }, { ...ctx, principal }),
      errorType(
        'AccessDeniedException',
        /^User: arn:aws:iam::111111111111:user\/AKIDONE is not authorized .* on resource: arn:aws:states:us-east-1:222222222222:stateMachine:theirs because/,
      ),
    );
    await assert.rejects(
      api.call('DescribeStateMachine', { stateMachineArn: theirs }, ctx),
      errorType('AccessDeniedException', /^User: arn:aws:iam::111111111111:root /),
    );
  });

  it("reads another account's ARN as the account's own when accounts are not isolated", async () => {
    const { api } = services(false);
    await assert.rejects(
      api.call('DescribeStateMachine', { stateMachineArn: theirs }, { requestId: 'r' }),
      errorType('StateMachineDoesNotExist'),
    );
  });
});
