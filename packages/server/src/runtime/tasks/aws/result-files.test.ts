// The ResultWriter's streamed files against a fake S3: the transformations and output types, parts sent
// as a file grows, and the multipart upload aborted when a call fails.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { MapRunItemRecord } from '../../../store/map-run-store.ts';
import { writeStoredResults, type S3Send, type StoredResultsRequest } from './result-files.ts';

const runArn = 'arn:aws:states:us-east-1:123456789012:mapRun:m/Fan:run-1';
const childArn = (i: number) => `arn:aws:states:us-east-1:123456789012:execution:m/Fan:child-${i}`;

function children(count: number): MapRunItemRecord[] {
  return Array.from({ length: count }, (_, i) =>
    i % 4 === 3
      ? { index: i, input: String(i), status: 'FAILED', executionArn: childArn(i), error: 'E', cause: 'C' }
      : { index: i, input: String(i), status: 'SUCCEEDED', executionArn: childArn(i), output: `[${i},"x"]` },
  );
}

/** A fake S3 that assembles objects from putObject and multipart calls; `failOn` makes that call throw. */
function fakeS3(failOn?: string) {
  const objects = new Map<string, string>();
  const uploads = new Map<string, string[]>();
  const calls: string[] = [];
  const send: S3Send = (name, request) => {
    calls.push(name);
    if (name === failOn) return Promise.reject(new Error(`${name} failed`));
    const key = String(request.Key);
    if (name === 'putObject') objects.set(key, String(request.Body));
    if (name === 'createMultipartUpload') uploads.set(key, []);
    if (name === 'uploadPart') uploads.get(key)?.push((request.Body as Buffer).toString());
    if (name === 'completeMultipartUpload') objects.set(key, (uploads.get(key) ?? []).join(''));
    return Promise.resolve(name === 'createMultipartUpload' ? { UploadId: 'u' } : { ETag: '"e"' });
  };
  return { send, objects, calls };
}

function request(overrides: Partial<StoredResultsRequest>): StoredResultsRequest {
  return {
    bucket: 'b',
    base: 'p/run-1',
    mapRunArn: runArn,
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
    transformation: 'NONE',
    outputType: 'JSON',
    ...overrides,
  };
}

const pages = (records: MapRunItemRecord[]) => (_arn: string, after: number, limit: number) =>
  Promise.resolve(records.filter((record) => record.index > after).slice(0, limit));

it('writes every child over many pages, in parts once a file outgrows one, and sizes them in the manifest', async () => {
  const s3 = fakeS3();
  await writeStoredResults(s3.send, request({}), pages(children(1200)), 4096);
  const succeeded = JSON.parse(s3.objects.get('p/run-1/SUCCEEDED_0.json') ?? '') as { Name: string; Output: string }[];
  assert.equal(succeeded.length, 900);
  assert.deepEqual(succeeded[1], {
    ExecutionArn: childArn(1),
    Input: '1',
    InputDetails: { Included: true },
    Name: 'child-1',
    StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
    Status: 'SUCCEEDED',
    Output: '[1,"x"]',
    OutputDetails: { Included: true },
  });
  const failed = JSON.parse(s3.objects.get('p/run-1/FAILED_0.json') ?? '') as { Error: string; Cause: string }[];
  assert.equal(failed.length, 300);
  assert.ok(s3.calls.filter((call) => call === 'uploadPart').length > 2, 'sent in parts');
  const manifest = JSON.parse(s3.objects.get('p/run-1/manifest.json') ?? '') as {
    ResultFiles: Record<string, { Key: string; Size: number }[]>;
  };
  assert.deepEqual(manifest.ResultFiles.PENDING, []);
  assert.deepEqual(manifest.ResultFiles.SUCCEEDED, [
    { Key: 'p/run-1/SUCCEEDED_0.json', Size: Buffer.byteLength(s3.objects.get('p/run-1/SUCCEEDED_0.json') ?? '') },
  ]);
});

it('writes outputs alone as JSON Lines with FLATTEN spreading arrays; a small file goes up whole', async () => {
  const s3 = fakeS3();
  await writeStoredResults(s3.send, request({ transformation: 'FLATTEN', outputType: 'JSONL' }), pages(children(3)));
  assert.equal(s3.objects.get('p/run-1/SUCCEEDED_0.jsonl'), '0\n"x"\n1\n"x"\n2\n"x"');
  assert.equal(s3.objects.has('p/run-1/FAILED_0.jsonl'), false, 'no failed child: no file');
  assert.deepEqual(s3.calls, ['putObject', 'putObject']);
});

it('aborts the multipart upload begun when a call fails, and fails the write', async () => {
  const s3 = fakeS3('completeMultipartUpload');
  await assert.rejects(writeStoredResults(s3.send, request({}), pages(children(400)), 2048), /failed/);
  assert.ok(s3.calls.includes('abortMultipartUpload'));
  assert.equal(s3.objects.has('p/run-1/manifest.json'), false);
});
