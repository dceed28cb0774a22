// The image pipeline's test-kit scenario, written once for the test runners that bring their own globals and
// expect (Jest, Vitest): each spec passes its runner's functions in. The kit's assertions and the runner's
// expect are used side by side, as a user of that runner writes them.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workflow } from 'stepwise/testing';
import { encodePng } from '../image-moderation/functions/png.ts';
import { imagePipeline } from './pipeline.ts';

/** What the scenario needs of a runner: Jest's and Vitest's globals both fit. */
export interface TestRunner {
  /** The runner's name, in the suite's and the temporary folder's names. */
  name: string;
  describe: (name: string, body: () => void) => void;
  it: (name: string, body: () => Promise<void>, timeoutMs?: number) => void;
  afterAll: (body: () => void) => void;
  expect: (actual: unknown) => {
    toContain(item: unknown): void;
    toMatchObject(shape: Record<string, unknown>): void;
    toThrow(pattern: RegExp): void;
  };
}

export function imagePipelineScenario(runner: TestRunner): void {
  const { describe, it, expect } = runner;
  const dir = mkdtempSync(join(tmpdir(), `image-pipeline-${runner.name.toLowerCase()}-`));
  const workflow = Workflow.fromDefinition(imagePipeline(), {
    name: 'image-pipeline',
    functionsDir: fileURLToPath(new URL('./functions/', import.meta.url)),
    environment: { PATH: process.env.PATH },
    functionTimeoutSeconds: 30,
  });

  runner.afterAll(() => {
    workflow.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe(`image pipeline under ${runner.name}`, () => {
    it('fails the quality check of a 4-pixel image', async () => {
      const image = join(dir, 'dot.png');
      writeFileSync(image, encodePng({ width: 2, height: 2, pixels: new Uint8Array(16).fill(200) }));
      const run = await workflow.run({ image, outputDir: dir }, { mocks: { Notify: { Return: { MessageId: 'm' } } } });
      run.expectFailed('QualityCheckFailed');
      expect(run.path).toContain('ApplyFilters');
      expect(run.state('ExtractMetadata').output).toMatchObject({ metadata: { width: 2, imageQuality: 'Fail' } });
    }, 60_000);

    it(`reports a failed kit assertion through ${runner.name}'s runner`, async () => {
      const choice = await workflow.testState('QualityCheck', { metadata: { imageQuality: 'Pass' } });
      expect(() => {
        choice.expectNext('QualityCheckFailed');
      }).toThrow(/'QualityCheck' went elsewhere/);
    });
  });
}
