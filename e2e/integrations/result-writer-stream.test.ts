// Black box: a Distributed Map of 10,000 EXPRESS children on the real `stepwise serve --aws-endpoint`
// writes its results to S3 on moto_server (ResultWriter); the server streams the files from the children's
// records, the large one as a multipart upload. The test reads every file back with the AWS SDK.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { ServerProcess } from '../api/server-process.ts';
import { Teardown } from '../api/teardown.ts';
import { motoS3, serveOnMoto, sfnOf, startMoto } from './moto-clients.ts';
import { runMachine } from './run-machine.ts';

const items = 10_000;
/** Children whose item is 7 modulo 1,000 fail: 10 failures, within the tolerance of 20. */
const failing = Array.from({ length: items }, (_, i) => i).filter((i) => i % 1000 === 7);

const owned = new Teardown();
let server: ServerProcess;
let sfn: SFNClient;
let s3: S3Client;

before(async () => {
  const moto = await startMoto(owned);
  s3 = motoS3(owned, moto);
  await s3.send(new CreateBucketCommand({ Bucket: 'results' }));
  server = await serveOnMoto(owned, moto.endpoint);
  sfn = sfnOf(owned, server.url);
});

after(() => owned.run());

/** Each child answers its item with a kilobyte of padding, so that the SUCCEEDED file needs several parts. */
const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      Items: '{% [0..($states.input.n - 1)] %}',
      MaxConcurrency: 1000,
      ToleratedFailureCount: 20,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'Check',
        States: {
          Check: {
            Type: 'Choice',
            Choices: [{ Condition: '{% $states.input % 1000 = 7 %}', Next: 'Broken' }],
            Default: 'Keep',
          },
          Broken: { Type: 'Fail', Error: 'Item.Broken', Cause: 'a broken item' },
          Keep: { Type: 'Pass', Output: '{% {"i": $states.input, "pad": $pad("", 1000, "x")} %}', End: true },
        },
      },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'results', Prefix: 'big' } },
      End: true,
    },
  },
};

interface Entry {
  ExecutionArn: string;
  Input: string;
  Name: string;
  Status: string;
  Output?: string;
  Error?: string;
  Cause?: string;
}

const read = async (Key: string): Promise<string> =>
  (await (await s3.send(new GetObjectCommand({ Bucket: 'results', Key }))).Body?.transformToString()) ?? '';

it('streams the results of 10,000 children to S3, the large file in parts', { timeout: 600_000 }, async (t) => {
  const { described } = await runMachine(sfn, 'many-results', definition, { n: items });
  assert.equal(described.status, 'SUCCEEDED', `${described.error ?? ''}: ${described.cause ?? ''}`);
  const output = JSON.parse(described.output ?? '') as { MapRunArn: string; ResultWriterDetails: { Key: string } };
  const runId = output.MapRunArn.slice(output.MapRunArn.lastIndexOf(':') + 1);
  assert.equal(output.ResultWriterDetails.Key, `big/${runId}/manifest.json`);
  const manifest = JSON.parse(await read(output.ResultWriterDetails.Key)) as {
    MapRunArn: string;
    ResultFiles: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]>;
  };
  assert.equal(manifest.MapRunArn, output.MapRunArn);
  assert.deepEqual(manifest.ResultFiles.PENDING, []);
  const [succeededFile] = manifest.ResultFiles.SUCCEEDED;
  const [failedFile] = manifest.ResultFiles.FAILED;
  assert.equal(succeededFile?.Key, `big/${runId}/SUCCEEDED_0.json`);
  assert.equal(failedFile?.Key, `big/${runId}/FAILED_0.json`);
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'results', Key: succeededFile.Key }));
  assert.match(head.ETag ?? '', /-\d+"?$/, 'a multipart upload (its ETag counts the parts)');

  const succeededBody = await read(succeededFile.Key);
  assert.equal(succeededFile.Size, Buffer.byteLength(succeededBody));
  const succeeded = JSON.parse(succeededBody) as Entry[];
  const failedBody = await read(failedFile.Key);
  assert.equal(failedFile.Size, Buffer.byteLength(failedBody));
  const failed = JSON.parse(failedBody) as Entry[];

  const childPrefix = output.MapRunArn.replace(':mapRun:', ':execution:').slice(0, -runId.length);
  assert.equal(succeeded.length, items - failing.length);
  const seen = new Set<number>();
  for (const entry of succeeded) {
    const item = JSON.parse(entry.Input) as number;
    assert.equal(entry.Status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(entry.Output ?? ''), { i: item, pad: 'x'.repeat(1000) });
    assert.ok(entry.ExecutionArn.startsWith(childPrefix), entry.ExecutionArn);
    assert.equal(entry.Name, entry.ExecutionArn.slice(childPrefix.length));
    seen.add(item);
  }
  assert.equal(seen.size, succeeded.length, 'each item once');
  assert.deepEqual(
    failed.map((entry): unknown[] => [JSON.parse(entry.Input), entry.Status, entry.Error, entry.Cause]),
    failing.map((item) => [item, 'FAILED', 'Item.Broken', 'a broken item']),
  );
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  t.diagnostic(`server peak RSS after ${items} items: ${/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? '?'} kB`);
});
