// A Distributed Map's ItemReader, ItemBatcher and ResultWriter on the local runner, with a fake S3 that
// answers the engine's `mapRun` task calls; and the reader's CSV, JSON and JSON Lines parsing.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonValue, TaskInvocation, TaskResult } from '../index.ts';
import { machineOf, runMachine, typesOf } from '../engine/test-support.ts';
import { maxReaderItems, readerItems } from './map-reader-formats.ts';

const processor = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'Keep',
  States: { Keep: { Type: 'Pass', End: true } },
};

function mapMachine(map: object) {
  return machineOf({ StartAt: 'Map', States: { Map: { Type: 'Map', ItemProcessor: processor, End: true, ...map } } });
}

/** A fake S3: getObject answers from `objects`, putObject stores into `written`. */
function fakeS3(objects: Record<string, string>, written: Record<string, string> = {}, calls: TaskInvocation[] = []) {
  return (invocation: TaskInvocation): TaskResult => {
    calls.push(invocation);
    const input = invocation.input as { Key?: string; Objects?: { Key: string; Body: string }[] };
    if (invocation.resource.endsWith(':getObject')) {
      const body = objects[input.Key ?? ''];
      return body === undefined
        ? { error: 'S3.NoSuchKey', cause: 'The specified key does not exist.' }
        : { output: JSON.stringify(body) };
    }
    for (const object of input.Objects ?? []) written[object.Key] = object.Body;
    return { output: '{}' };
  };
}

const csvReader = (config: object = {}) => ({
  Resource: 'arn:aws:states:::s3:getObject',
  ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', ...config },
  Parameters: { Bucket: 'b', 'Key.$': '$.key' },
});

test('ItemReader: the items are read after MapRunStarted, through a task call marked mapRun', async () => {
  const calls: TaskInvocation[] = [];
  const { state, events } = await runMachine(mapMachine({ ItemReader: csvReader() }), {
    input: '{"key":"k.csv"}',
    tasks: fakeS3({ 'k.csv': 'a,b\n1,2\n3,4\n' }, {}, calls),
  });
  assert.equal(state.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(state.output ?? ''), [
    { a: '1', b: '2' },
    { a: '3', b: '4' },
  ]);
  assert.deepEqual(typesOf(events).slice(1, 6), [
    'MapStateEntered',
    'MapStateStarted',
    'MapRunStarted',
    'MapRunSucceeded',
    'MapStateSucceeded',
  ]);
  assert.deepEqual(events[2]?.mapStateStartedEventDetails, { length: 0 });
  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.mapRun, 'itemReader');
  assert.deepEqual(calls[0].input, { Bucket: 'b', Key: 'k.csv' });
});

test('ItemReader: a failed read and a bad MaxItems fail the map run with States.ItemReaderFailed', async () => {
  const missing = await runMachine(mapMachine({ ItemReader: csvReader() }), {
    input: '{"key":"none"}',
    tasks: fakeS3({}),
  });
  assert.equal(missing.state.status, 'FAILED');
  assert.equal(missing.state.error, 'States.ItemReaderFailed');
  assert.equal(missing.state.cause, 'The specified key does not exist.');
  assert.deepEqual(typesOf(missing.events).slice(-3), ['MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);

  const negative = await runMachine(mapMachine({ ItemReader: csvReader({ MaxItemsPath: '$.max' }) }), {
    input: '{"key":"k.csv","max":-1}',
    tasks: fakeS3({ 'k.csv': 'a\n1\n' }),
  });
  assert.equal(negative.state.error, 'States.ItemReaderFailed');
  assert.equal(negative.state.cause, 'field MaxItems must be positive');
});

test('ItemBatcher: ItemSelector per item, then batches by count and by bytes, with BatchInput', async () => {
  const items = Array.from({ length: 5 }, (_, i) => ({ n: i }));
  const { state } = await runMachine(
    mapMachine({
      ItemSelector: { 'n.$': '$$.Map.Item.Value.n', 'at.$': '$$.Map.Item.Index' },
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'tag.$': '$.tag' } },
      ItemsPath: '$.items',
    }),
    { input: JSON.stringify({ items, tag: 't' }) },
  );
  assert.equal(state.status, 'SUCCEEDED');
  const batches = JSON.parse(state.output ?? '') as { BatchInput: JsonValue; Items: { at: number }[] }[];
  assert.deepEqual(
    batches.map((batch) => batch.Items.map((item) => item.at)),
    [[0, 1], [2, 3], [4]],
  );
  assert.deepEqual(batches[0]?.BatchInput, { tag: 't' });

  // `{"Items":[...]}` is 12 bytes, each `{"n":0}` 7 and a comma 1: 30 bytes hold two items, not three.
  const byBytes = await runMachine(mapMachine({ ItemBatcher: { MaxInputBytesPerBatch: 30 } }), {
    input: JSON.stringify(items),
  });
  const sizes = (JSON.parse(byBytes.state.output ?? '') as { Items: unknown[] }[]).map((batch) => batch.Items.length);
  assert.deepEqual(sizes, [2, 2, 1]);
});

test('ResultWriter: the results, a manifest listing them, and the Map output pointing to it', async () => {
  const written: Record<string, string> = {};
  const { state } = await runMachine(
    mapMachine({
      ItemSelector: { 'v.$': '$$.Map.Item.Value' },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'r', Prefix: 'out/' } },
    }),
    { input: '["a","b"]', tasks: fakeS3({}, written) },
  );
  assert.equal(state.status, 'SUCCEEDED');
  const output = JSON.parse(state.output ?? '') as { MapRunArn: string; ResultWriterDetails: { Key: string } };
  const runId = output.MapRunArn.slice(output.MapRunArn.lastIndexOf(':') + 1);
  assert.deepEqual(output.ResultWriterDetails, { Bucket: 'r', Key: `out/${runId}/manifest.json` });
  const results = written[`out/${runId}/SUCCEEDED_0.json`] ?? '';
  const manifest = JSON.parse(written[`out/${runId}/manifest.json`] ?? '') as Record<string, unknown>;
  assert.deepEqual(manifest.ResultFiles, {
    FAILED: [],
    PENDING: [],
    SUCCEEDED: [{ Key: `out/${runId}/SUCCEEDED_0.json`, Size: Buffer.byteLength(results) }],
  });
  const entries = JSON.parse(results) as { Input: string; Output: string; Status: string }[];
  assert.deepEqual(
    entries.map((entry) => [entry.Status, entry.Input, entry.Output]),
    [
      ['SUCCEEDED', '{"v":"a"}', '{"v":"a"}'],
      ['SUCCEEDED', '{"v":"b"}', '{"v":"b"}'],
    ],
  );
});

test('ResultWriter with WriterConfig alone reshapes the output: FLATTEN spreads array outputs', async () => {
  const { state } = await runMachine(
    mapMachine({ ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSON' } } }),
    { input: '[[1,2],[3],4]' },
  );
  assert.equal(state.output, '[1,2,3,4]');
});

test('CSV: quoted fields, CRLF, other delimiters, given headers, short and long rows, MaxItems', () => {
  const csv = 'h1;h2\r\n"x;1";"say ""hi"""\r\n\r\nshort\r\na;b;extra\r\n';
  assert.deepEqual(readerItems({ inputType: 'CSV', csvDelimiter: 'SEMICOLON' }, csv, maxReaderItems), [
    { h1: 'x;1', h2: 'say "hi"' },
    { h1: 'short', h2: '' },
    { h1: 'a', h2: 'b' },
  ]);
  const given = { inputType: 'CSV', csvHeaderLocation: 'GIVEN', csvHeaders: ['A', 'B'] };
  assert.deepEqual(readerItems(given, 'line one,\n"multi\nline",2\n', 1), [{ A: 'line one', B: '' }]);
  assert.deepEqual(readerItems(given, 'x,"multi\nline"\n', maxReaderItems), [{ A: 'x', B: 'multi\nline' }]);
  assert.throws(
    () => readerItems({ ...given, csvHeaders: ['A', 'A'] }, 'x\n', 10),
    /CSV headers cannot contain duplicates/,
  );
});

test('JSON and JSON Lines: arrays, ItemsPointer, and a clear failure for anything else', () => {
  assert.deepEqual(readerItems({ inputType: 'JSON' }, '[1,{"a":2}]', maxReaderItems), [1, { a: 2 }]);
  assert.deepEqual(readerItems({ inputType: 'JSON', itemsPointer: '/data/rows' }, '{"data":{"rows":[3]}}', 5), [3]);
  assert.throws(() => readerItems({ inputType: 'JSON' }, '{"a":1}', 5), /Attempting to map over non-iterable node\./);
  assert.deepEqual(readerItems({ inputType: 'JSONL' }, '{"a":1}\n\n[2]\n"x"\n', 2), [{ a: 1 }, [2]]);
  assert.throws(() => readerItems({ inputType: 'JSONL' }, '{"a":1}\n{oops\n', 5), /Line 2 of the JSON Lines object/);
});
