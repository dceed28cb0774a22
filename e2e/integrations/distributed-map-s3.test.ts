// Black box: a Distributed Map of the real `stepwise serve --aws-endpoint` reads its items from S3 (a CSV
// object, a JSON object, the objects under a prefix; a JSON object that does not parse fails in Jackson's words) on moto_server, batches them, and writes its results
// back to S3 (ResultWriter), which the test reads with the AWS SDK.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { MotoServer } from 'stepwise/testing';
import type { ServerProcess } from '../api/server-process.ts';
import { Teardown } from '../api/teardown.ts';
import { motoS3, serveOnMoto, sfnOf, startMoto } from './moto-clients.ts';
import { runMachine } from './run-machine.ts';

const owned = new Teardown();
let moto: MotoServer;
let server: ServerProcess;
let sfn: SFNClient;
let s3: S3Client;

before(async () => {
  moto = await startMoto(owned);
  s3 = motoS3(owned, moto);
  await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'reports' }));
  const put = (Key: string, Body: string) => s3.send(new PutObjectCommand({ Bucket: 'uploads', Key, Body }));
  await put('orders.csv', 'id,amount,note\no-1,10,"first, with a comma"\no-2,25,\no-3,7,"says ""hi"""\n');
  await put('broken.json', '[{"id": "o-1"},\n {"id": o-2}]');
  await put('orders.json', JSON.stringify({ orders: [{ id: 'o-1' }, { id: 'o-2' }, { id: 'o-3' }] }));
  for (const day of ['01', '02']) await put(`logs/2026-11-${day}.log`, `log of day ${day}`);
  server = await serveOnMoto(owned, moto.endpoint);
  sfn = sfnOf(owned, server.url);
});

after(() => owned.run());

/** Runs a machine whose first state is the Map `map` (ending the execution unless it names its Next). */
async function run(name: string, map: object, input: object, otherStates: object = {}) {
  const definition = { StartAt: 'Map', States: { Map: { Type: 'Map', End: true, ...map }, ...otherStates } };
  const { described, events } = await runMachine(sfn, name, definition, input);
  return { described, events, types: events.map((event) => event.type) };
}

const distributed = (states: object) => ({
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'Keep',
  States: { Keep: { Type: 'Pass', End: true, ...states } },
});

it('reads CSV rows from S3 as items, quoted fields included, and records the map run', async () => {
  const { described, types } = await run(
    'csv-orders',
    {
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        Parameters: { 'Bucket.$': '$.bucket', Key: 'orders.csv' },
      },
      ItemProcessor: distributed({}),
    },
    { bucket: 'uploads' },
  );
  assert.equal(described.status, 'SUCCEEDED', `${described.error ?? ''}: ${described.cause ?? ''}`);
  assert.deepEqual(JSON.parse(described.output ?? ''), [
    { id: 'o-1', amount: '10', note: 'first, with a comma' },
    { id: 'o-2', amount: '25', note: '' },
    { id: 'o-3', amount: '7', note: 'says "hi"' },
  ]);
  assert.deepEqual(types.slice(1, 6), [
    'MapStateEntered',
    'MapStateStarted',
    'MapRunStarted',
    'MapRunSucceeded',
    'MapStateSucceeded',
  ]);
});

it('batches JSON items found by ItemsPointer and writes the results to S3 with a manifest', async () => {
  const { described } = await run(
    'json-batches',
    {
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON', ItemsPointer: '/orders', MaxItems: 3 },
        Parameters: { Bucket: 'uploads', Key: 'orders.json' },
      },
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'source.$': '$.source' } },
      ItemProcessor: distributed({
        Parameters: { 'count.$': 'States.ArrayLength($.Items)', 'from.$': '$.BatchInput.source' },
      }),
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'reports', Prefix: 'runs' } },
    },
    { source: 'nightly' },
  );
  assert.equal(described.status, 'SUCCEEDED', `${described.error ?? ''}: ${described.cause ?? ''}`);
  const output = JSON.parse(described.output ?? '') as {
    MapRunArn: string;
    ResultWriterDetails: { Bucket: string; Key: string };
  };
  const runId = output.MapRunArn.slice(output.MapRunArn.lastIndexOf(':') + 1);
  assert.deepEqual(output.ResultWriterDetails, { Bucket: 'reports', Key: `runs/${runId}/manifest.json` });
  const read = async (Key: string) =>
    (await (await s3.send(new GetObjectCommand({ Bucket: 'reports', Key }))).Body?.transformToString()) ?? '';
  const manifest = JSON.parse(await read(output.ResultWriterDetails.Key)) as {
    DestinationBucket: string;
    MapRunArn: string;
    ResultFiles: Record<string, { Key: string; Size: number }[]>;
  };
  assert.equal(manifest.DestinationBucket, 'reports');
  assert.equal(manifest.MapRunArn, output.MapRunArn);
  assert.deepEqual(manifest.ResultFiles.FAILED, []);
  const [file] = manifest.ResultFiles.SUCCEEDED ?? [];
  assert.equal(file?.Key, `runs/${runId}/SUCCEEDED_0.json`);
  const body = await read(file.Key);
  assert.equal(file.Size, Buffer.byteLength(body));
  const results = JSON.parse(body) as { Status: string; Input: string; Output: string }[];
  assert.deepEqual(
    results.map((result): unknown[] => [result.Status, JSON.parse(result.Input), JSON.parse(result.Output)]),
    [
      [
        'SUCCEEDED',
        { BatchInput: { source: 'nightly' }, Items: [{ id: 'o-1' }, { id: 'o-2' }] },
        { count: 2, from: 'nightly' },
      ],
      ['SUCCEEDED', { BatchInput: { source: 'nightly' }, Items: [{ id: 'o-3' }] }, { count: 1, from: 'nightly' }],
    ],
  );
});

it('lists the objects under a prefix as items', async () => {
  const { described } = await run(
    'list-logs',
    {
      ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'uploads', Prefix: 'logs/' } },
      ItemProcessor: distributed({ Parameters: { 'key.$': '$.Key', 'size.$': '$.Size' } }),
    },
    {},
  );
  assert.equal(described.status, 'SUCCEEDED', `${described.error ?? ''}: ${described.cause ?? ''}`);
  assert.deepEqual(JSON.parse(described.output ?? ''), [
    { key: 'logs/2026-11-01.log', size: 13 },
    { key: 'logs/2026-11-02.log', size: 13 },
  ]);
});

it('a missing object fails the map run with States.ItemReaderFailed, which Catch handles', async () => {
  const { described, events } = await run(
    'missing-object',
    {
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { Bucket: 'uploads', Key: 'nothing-here.json' },
      },
      ItemProcessor: distributed({}),
      Catch: [{ ErrorEquals: ['States.ItemReaderFailed'], ResultPath: '$.failure', Next: 'Handled' }],
      End: undefined,
      Next: 'Done',
    },
    {},
    { Done: { Type: 'Succeed' }, Handled: { Type: 'Pass', End: true } },
  );
  assert.equal(described.status, 'SUCCEEDED', `${described.error ?? ''}: ${described.cause ?? ''}`);
  const failure = (JSON.parse(described.output ?? '') as { failure: { Error: string; Cause: string } }).failure;
  assert.equal(failure.Error, 'States.ItemReaderFailed');
  assert.match(failure.Cause, /NoSuchKey|does not exist/);
  const runFailed = events.find((event) => event.type === 'MapRunFailed')?.mapRunFailedEventDetails;
  assert.equal(runFailed?.error, 'States.ItemReaderFailed');
});

it("a JSON object that does not parse fails the map run with Jackson's message and location", async () => {
  const { described } = await run(
    'broken-json',
    {
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { Bucket: 'uploads', Key: 'broken.json' },
      },
      ItemProcessor: distributed({}),
    },
    {},
  );
  assert.equal(described.status, 'FAILED');
  assert.equal(described.error, 'States.ItemReaderFailed');
  assert.equal(
    described.cause,
    "The object is not valid JSON: Unrecognized token 'o': was expecting " +
      "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n" +
      ' at [Source: (String)"[{"id": "o-1"},\n {"id": o-2}]"; line: 2, column: 10]',
  );
});
