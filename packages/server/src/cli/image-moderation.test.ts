// The image-moderation example, run by the real `stepwise` binary as the README says: a safe image is
// published as a thumbnail, a held one reaches the moderators after a retried transient failure, and a
// missing upload is caught. Writes go to a temporary folder.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const example = 'examples/image-moderation';

interface Run {
  status: number | null;
  report: { status: string; output: Record<string, unknown>; error?: string; events: { type: string }[] };
}

function moderate(input: Record<string, unknown>, ...extra: string[]): Run {
  const args = ['run', `${example}/moderation.asl.json`, '--input', JSON.stringify(input), ...extra];
  args.push('--functions', `${example}/functions`, '--json', '--history');
  const result = spawnSync(process.execPath, ['packages/server/bin/stepwise.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, report: JSON.parse(result.stdout) as Run['report'] };
}

function withOutputDir(use: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-moderation-'));
  try {
    use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a safe image is published: its thumbnail is written to the output folder', () => {
  withOutputDir((outputDir) => {
    const { status, report } = moderate({ image: `${example}/uploads/sunset.png`, outputDir });
    assert.equal(status, 0);
    assert.equal(report.status, 'SUCCEEDED');
    assert.equal((report.output.analysis as { safe: boolean }).safe, true);
    const thumbnail = (report.output.published as { thumbnail: { file: string; width: number } }).thumbnail;
    assert.equal(thumbnail.file, join(outputDir, 'sunset.thumb.png'));
    assert.equal(thumbnail.width, 32);
    assert.deepEqual([...readFileSync(thumbnail.file).subarray(1, 4)], [0x50, 0x4e, 0x47]);
    assert.ok(
      !report.events.some((event) => event.type === 'TaskStateEntered' && JSON.stringify(event).includes('Notify')),
    );
  });
});

test('an unsafe image goes to the moderators; the busy queue is retried', () => {
  withOutputDir((outputDir) => {
    const { status, report } = moderate({ image: `${example}/uploads/beach-close-up.png`, outputDir });
    assert.equal(status, 0);
    assert.deepEqual((report.output.analysis as { labels: string[] }).labels, ['skin-tones']);
    assert.deepEqual(report.output.moderation, {
      notified: 'moderators',
      image: `${example}/uploads/beach-close-up.png`,
      attempts: 2,
    });
    const types = report.events.map((event) => event.type);
    assert.equal(types.filter((type) => type === 'LambdaFunctionFailed').length, 1);
    const queue = readFileSync(join(outputDir, 'moderation-queue.jsonl'), 'utf8');
    assert.match(queue, /"reason":\["skin-tones"\]/);
    assert.equal(existsSync(join(outputDir, 'beach-close-up.thumb.png')), false);
  });
});

test('an upload that cannot be read is caught and rejected as InvalidUpload', () => {
  withOutputDir((outputDir) => {
    const { status, report } = moderate({ image: `${example}/uploads/missing.png`, outputDir });
    assert.equal(status, 1);
    assert.equal(report.status, 'FAILED');
    assert.equal(report.error, 'InvalidUpload');
  });
});

test('the mock file of the example drives a test case: a crashed resize is caught and sent to the moderators', () => {
  const mocks = ['--mocks', `${example}/mocks.json`, '--test-case', 'ResizeFails'];
  const { status, report } = moderate({ image: `${example}/uploads/sunset.png` }, ...mocks);
  assert.equal(status, 0);
  assert.deepEqual(report.output.error, {
    Error: 'Runtime.ExitError',
    Cause: 'Runtime exited with error: signal: killed',
  });
  assert.deepEqual(report.output.moderation, { notified: 'moderators' });
});
