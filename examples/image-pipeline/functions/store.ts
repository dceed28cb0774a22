// Records the finished image set in a manifest beside the files (the article's "store" step).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface StoreRequest {
  image: string;
  outputDir: string;
  resized: { file: string };
  filtered: { file: string }[];
  thumbnails: string[];
}

export function handler(event: StoreRequest): { manifest: string; files: number } {
  const files = [event.resized.file, ...event.filtered.map(({ file }) => file), ...event.thumbnails];
  const manifest = join(event.outputDir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ source: event.image, files }, null, 2));
  return { manifest, files: files.length };
}
