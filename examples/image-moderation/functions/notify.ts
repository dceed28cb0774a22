// Notifies the moderators of an image held back. The moderation queue is "busy" on a first attempt, a
// transient failure that the state machine's Retry absorbs ($$.State.RetryCount arrives as `attempt`).

import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Notice {
  upload: { image: string; outputDir?: string; analysis?: { labels: string[] }; error?: unknown };
  attempt: number;
}

class QueueBusy extends Error {
  override name = 'ModerationQueue.Busy';
}

const defaultOutput = fileURLToPath(new URL('../output/', import.meta.url));

export function handler(event: Notice): { notified: string; image: string; attempts: number } {
  if (event.attempt === 0) throw new QueueBusy('the moderation queue is busy, try again');
  const { image, outputDir, analysis, error } = event.upload;
  // Held back for its labels, or because publishing it failed.
  const reason = error ?? analysis?.labels;
  const dir = outputDir ?? defaultOutput;
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, 'moderation-queue.jsonl'), JSON.stringify({ image, reason }) + '\n');
  return { notified: 'moderators', image, attempts: event.attempt + 1 };
}
