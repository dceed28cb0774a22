// The same test kit under Jest: its globals (describe, it, expect) from @jest/globals, the kit's assertions and
// Jest's expect side by side. Run by ../jest.test.ts (part of npm test), or alone with
// `node --experimental-vm-modules node_modules/jest/bin/jest.js --config examples/image-pipeline/jest/jest.config.js`.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Workflow } from 'stepwise/testing';
import { encodePng } from '../../image-moderation/functions/png.ts';
import { imagePipeline } from '../pipeline.ts';

const dir = mkdtempSync(join(tmpdir(), 'image-pipeline-jest-'));
const workflow = Workflow.fromDefinition(imagePipeline(), {
  name: 'image-pipeline',
  functionsDir: fileURLToPath(new URL('../functions/', import.meta.url)),
  environment: { PATH: process.env.PATH },
  functionTimeoutSeconds: 30,
});

afterAll(() => {
  workflow.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('image pipeline under Jest', () => {
  it('fails the quality check of a 4-pixel image', async () => {
    const image = join(dir, 'dot.png');
    writeFileSync(image, encodePng({ width: 2, height: 2, pixels: new Uint8Array(16).fill(200) }));
    const run = await workflow.run({ image, outputDir: dir }, { mocks: { Notify: { Return: { MessageId: 'm' } } } });
    run.expectFailed('QualityCheckFailed');
    expect(run.path).toContain('ApplyFilters');
    expect(run.state('ExtractMetadata').output).toMatchObject({ metadata: { width: 2, imageQuality: 'Fail' } });
  }, 60_000);

  it("reports a failed kit assertion through Jest's runner", async () => {
    const choice = await workflow.testState('QualityCheck', { metadata: { imageQuality: 'Pass' } });
    expect(() => choice.expectNext('QualityCheckFailed')).toThrow(/'QualityCheck' went elsewhere/);
  });
});
