// The image pipeline tested as its users would test it, with Stepwise's test kit under node:test: the real
// functions on generated images, SNS mocked, each path of the Choice and the Catch.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workflow } from 'stepwise/testing';
import { encodePng } from '../image-moderation/functions/png.ts';
import { imagePipeline, notificationTopic } from './pipeline.ts';

const functionsDir = fileURLToPath(new URL('functions/', import.meta.url));

/** A width × height gradient, written as a PNG. */
function gradient(file: string, width: number, height: number): string {
  const pixels = new Uint8Array(width * height * 4);
  for (let at = 0; at < pixels.length; at += 4) pixels.set([(at / 4) % 256, 128, 200, 255], at);
  writeFileSync(file, encodePng({ width, height, pixels }));
  return file;
}

describe('image pipeline', () => {
  let dir = '';
  const workflow = Workflow.fromDefinition(imagePipeline(), {
    name: 'image-pipeline',
    functionsDir,
    environment: { PATH: process.env.PATH },
    functionTimeoutSeconds: 30,
  });
  const sent = { Notify: { Return: { MessageId: 'message-1' } } };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-pipeline-'));
  });
  after(() => {
    workflow.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('filters, thumbnails, stores and notifies a good image', async () => {
    const image = gradient(join(dir, 'beach.png'), 120, 80);
    const run = await workflow.run({ image, outputDir: join(dir, 'out') }, { mocks: sent });
    run
      .expectSucceeded()
      .expectPath([
        'MarkUploaded',
        'ExtractMetadata',
        'Resize',
        'ApplyFilters',
        'Grayscale',
        'Sepia',
        'QualityCheck',
        'MakeThumbnails',
        'Store',
        'Notify',
        'Done',
      ]);
    const metadata = run.state('ExtractMetadata').output as { metadata: Record<string, unknown> };
    assert.deepEqual({ ...metadata.metadata, bytes: 0 }, { width: 120, height: 80, bytes: 0, imageQuality: 'Pass' });
    const manifest = join(dir, 'out', 'manifest.json');
    const stored = JSON.parse(readFileSync(manifest, 'utf8')) as { files: string[] };
    assert.equal(stored.files.length, 5, 'resized, two filtered, two thumbnails');
    assert.ok(stored.files.every((file) => existsSync(file)));
    const published = run.events.find((event) => event.type === 'TaskScheduled');
    const parameters = (published?.taskScheduledEventDetails as { parameters: string }).parameters;
    assert.deepEqual(JSON.parse(parameters), { TopicArn: notificationTopic, Message: { image, manifest } });
  });

  it('fails the quality check for an image under 16 pixels, without making thumbnails', async () => {
    const image = gradient(join(dir, 'tiny.png'), 8, 8);
    const run = await workflow.run({ image, outputDir: join(dir, 'tiny') }, { mocks: sent });
    run.expectFailed('QualityCheckFailed').expectPathThrough(['ApplyFilters', 'QualityCheck', 'QualityCheckFailed']);
    run.expectNotEntered('MakeThumbnails').expectNotEntered('Notify');
  });

  it('catches a file that is not an image', async () => {
    const notImage = join(dir, 'notes.png');
    writeFileSync(notImage, 'not a picture');
    const run = await workflow.run({ image: notImage, outputDir: dir }, { mocks: sent });
    run.expectFailed('NotAnImage').expectPath(['MarkUploaded', 'ExtractMetadata', 'NotAnImage']);
  });

  it('tests the quality Choice alone with TestState', async () => {
    const failing = await workflow.testState('QualityCheck', { metadata: { imageQuality: 'Fail' } });
    failing.expectNext('QualityCheckFailed');
    const passing = await workflow.testState('QualityCheck', { metadata: { imageQuality: 'Pass' } });
    passing.expectNext('MakeThumbnails');
  });

  it('runs with the metadata step mocked, when the test is about what follows', async () => {
    const mocks = { ...sent, ExtractMetadata: { Return: { width: 1, height: 1, bytes: 1, imageQuality: 'Fail' } } };
    const image = gradient(join(dir, 'big.png'), 64, 64);
    const run = await workflow.run({ image, outputDir: join(dir, 'mocked') }, { mocks });
    run.expectFailed('QualityCheckFailed');
  });
});
