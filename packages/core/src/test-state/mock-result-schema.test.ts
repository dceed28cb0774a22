// Mock result validation, table-driven: a Resource, a mocked result and a mode, and AWS's message (or none).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../json/json-value.ts';
import { integrationOutputShape, mockResultSchemaError } from './mock-result-schema.ts';

const lambda = 'arn:aws:states:::lambda:invoke';
const startExecution = 'arn:aws:states:::states:startExecution';
const putEvents = 'arn:aws:states:::events:putEvents';
const putItem = 'arn:aws:states:::dynamodb:putItem';

type Mode = 'STRICT' | 'PRESENT' | 'NONE';
const rows: [string, string, JsonValue, Mode, string | undefined][] = [
  ['unknown members are accepted', putEvents, { random: 'json' }, 'STRICT', undefined],
  ['a number for an integer', lambda, { StatusCode: '200' }, 'STRICT', "Field 'StatusCode' must be a number"],
  ['a Lambda Payload is any JSON', lambda, { StatusCode: 200, Payload: { a: [1] } }, 'STRICT', undefined],
  ['required members in STRICT', startExecution, {}, 'STRICT', "Required field 'ExecutionArn' is missing"],
  [
    'names are capitalised',
    startExecution,
    { executionArn: 'a' },
    'STRICT',
    "Required field 'ExecutionArn' is missing",
  ],
  ['not required in PRESENT', startExecution, {}, 'PRESENT', undefined],
  [
    'a timestamp is a string',
    startExecution,
    { ExecutionArn: 'a', StartDate: 1 },
    'STRICT',
    "Field 'StartDate' must be a string",
  ],
  [
    'a null member is absent',
    startExecution,
    { ExecutionArn: 'a', StartDate: null },
    'STRICT',
    "Required field 'StartDate' is missing",
  ],
  ['nothing in NONE', startExecution, { StartDate: true }, 'NONE', undefined],
  ['a list must be an array', putEvents, { Entries: 'x' }, 'PRESENT', "Field 'Entries' must be an array"],
  [
    'list elements are checked',
    putEvents,
    { Entries: [{ EventId: 'a' }, { EventId: [] }] },
    'STRICT',
    "Field 'EventId' must be a string",
  ],
  ['a list element must be an object', putEvents, { Entries: ['a'] }, 'STRICT', "Field 'Entries' must be an object"],
  [
    'a nested number',
    putItem,
    { ConsumedCapacity: { CapacityUnits: '1.5' } },
    'STRICT',
    "Field 'CapacityUnits' must be a number",
  ],
  ['map values are checked by key', putItem, { Attributes: { id: { S: 1 } } }, 'STRICT', "Field 'S' must be a string"],
  ['a boolean', putItem, { Attributes: { id: { BOOL: 'true' } } }, 'STRICT', "Field 'BOOL' must be a boolean"],
  [
    'a blob is a string',
    'arn:aws:states:::aws-sdk:kms:encrypt',
    { CiphertextBlob: 1 },
    'STRICT',
    "Field 'CiphertextBlob' must be a string",
  ],
  [
    'a blob too short',
    'arn:aws:states:::aws-sdk:kms:encrypt',
    { CiphertextBlob: '' },
    'PRESENT',
    "Field 'CiphertextBlob' is smaller than the minimum length",
  ],
  [
    'an enum value',
    'arn:aws:states:::aws-sdk:s3:getObject',
    { StorageClass: 'Papyrus' },
    'STRICT',
    "Field 'StorageClass' is not an expected value",
  ],
  [
    'an enum value that is known',
    'arn:aws:states:::aws-sdk:s3:getObject',
    { StorageClass: 'GLACIER' },
    'STRICT',
    undefined,
  ],
  [
    'a number below its minimum',
    'arn:aws:states:::aws-sdk:lambda:getFunction',
    { Configuration: { MemorySize: 64 } },
    'STRICT',
    "Field 'MemorySize' is smaller than the minimum value",
  ],
  ['a structure must be an object', lambda, [1], 'STRICT', 'Mock result must be an object'],
  [
    'an integration without data is not checked',
    'arn:aws:states:::apigateway:invoke',
    { StatusCode: 'x' },
    'STRICT',
    undefined,
  ],
  ['a callback result is not checked', `${lambda}.waitForTaskToken`, { StatusCode: 'x' }, 'STRICT', undefined],
  ['a Lambda function ARN is not checked', 'arn:aws:lambda:us-east-1:111111111111:function:f', 1, 'STRICT', undefined],
];

for (const [name, resource, result, mode, message] of rows) {
  test(`mockResultSchemaError: ${name}`, () => {
    const expected = message === undefined ? undefined : `Mock result schema validation error: ${message}`;
    assert.equal(mockResultSchemaError(resource, result, mode), expected);
  });
}

test('integrationOutputShape: .sync runs return DescribeExecution, .sync:2 with JSON Input and Output', () => {
  assert.deepEqual(integrationOutputShape(`${startExecution}.sync`), {
    shape: 'stepfunctions/DescribeExecutionOutput',
  });
  assert.deepEqual(integrationOutputShape(`${startExecution}.sync:2`), {
    shape: 'stepfunctions/DescribeExecutionOutput',
    json: ['Input', 'Output'],
  });
  assert.equal(
    integrationOutputShape('arn:aws-us-gov:states:::aws-sdk:sfn:startExecution')?.shape,
    'stepfunctions/StartExecutionOutput',
  );
});
