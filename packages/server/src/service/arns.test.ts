// ARNs: built in AWS's form for the configured region and account, parsed back, and rejected with InvalidArn.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Arns } from './arns.ts';
import { ApiError } from './errors.ts';

const arns = new Arns({ region: 'eu-west-1', accountId: '123456789012' });
const base = 'arn:aws:states:eu-west-1:123456789012';

describe('Arns', () => {
  it('builds every resource kind', () => {
    assert.equal(arns.stateMachine('sm'), `${base}:stateMachine:sm`);
    assert.equal(arns.version('sm', 3), `${base}:stateMachine:sm:3`);
    assert.equal(arns.alias('sm', 'PROD'), `${base}:stateMachine:sm:PROD`);
    assert.equal(arns.execution('sm', 'e1'), `${base}:execution:sm:e1`);
    assert.equal(arns.expressExecution('sm', 'e1', 'id'), `${base}:express:sm:e1:id`);
    assert.equal(arns.activity('act'), `${base}:activity:act`);
  });

  const parsed: [string, unknown][] = [
    [`${base}:stateMachine:sm`, { kind: 'stateMachine', name: 'sm' }],
    [`${base}:stateMachine:sm:12`, { kind: 'version', name: 'sm', version: 12 }],
    [`${base}:stateMachine:sm:PROD`, { kind: 'alias', name: 'sm', alias: 'PROD' }],
    [`${base}:execution:sm:e1`, { kind: 'execution', stateMachineName: 'sm', name: 'e1' }],
    [`${base}:express:sm:e1:x`, { kind: 'express', stateMachineName: 'sm', name: 'e1', expressId: 'x' }],
    [`${base}:activity:act`, { kind: 'activity', name: 'act' }],
    ['arn:aws-cn:states:cn-north-1:123456789012:stateMachine:sm', { kind: 'stateMachine', name: 'sm' }],
  ];
  for (const [arn, ref] of parsed) {
    it(`parses ${arn}`, () => {
      assert.deepEqual(arns.parse(arn), ref);
    });
  }

  const invalid: [string, (arn: string) => unknown, string][] = [
    ['not-an-arn', (a) => arns.parse(a), "Invalid Arn: 'Invalid ARN prefix: not-an-arn'"],
    [`${base}:stateMachine:`, (a) => arns.parse(a), `Invalid Arn: 'Invalid ARN prefix: ${base}:stateMachine:'`],
    [`${base}:stateMachine:a:b:c`, (a) => arns.parse(a), `Invalid Arn: '${base}:stateMachine:a:b:c'`],
    [`${base}:stateMachine:sm:0`, (a) => arns.parse(a), `Invalid Arn: '${base}:stateMachine:sm:0'`],
    [`${base}:execution:sm`, (a) => arns.parse(a), `Invalid Arn: '${base}:execution:sm'`],
    [`${base}:table:t`, (a) => arns.parse(a), "Invalid Arn: 'Resource type not valid in this context: table'"],
    [
      `${base}:execution:sm:e`,
      (a) => arns.parseStateMachine(a),
      "Invalid Arn: 'Resource type not valid in this context: execution'",
    ],
    [
      `${base}:stateMachine:sm`,
      (a) => arns.parseExecution(a),
      "Invalid Arn: 'Resource type not valid in this context: stateMachine'",
    ],
    [
      `${base}:stateMachine:sm:1`,
      (a) => arns.parseUnqualifiedStateMachine(a),
      `Invalid Arn: '${base}:stateMachine:sm:1'`,
    ],
  ];
  for (const [arn, parse, message] of invalid) {
    it(`rejects ${arn}`, () => {
      assert.throws(
        () => parse(arn),
        (error: unknown) => error instanceof ApiError && error.type === 'InvalidArn' && error.message === message,
      );
    });
  }

  it('knows its own ARNs from foreign ones', () => {
    assert.equal(arns.isLocal(`${base}:stateMachine:sm`), true);
    assert.equal(arns.isLocal('arn:aws:states:us-east-1:123456789012:stateMachine:sm'), false);
  });
});
