// Resizes a safe image to a thumbnail and writes it to the output folder (default: the example's
// gitignored `output/`; the input's `outputDir` overrides it).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, encodePng, scaleToWidth } from './png.ts';

interface ResizeRequest {
  image: string;
  maxWidth?: number;
  outputDir?: string;
}

const defaultOutput = fileURLToPath(new URL('../output/', import.meta.url));

export function handler(event: ResizeRequest): { file: string; width: number; height: number } {
  const thumbnail = scaleToWidth(decodePng(readFileSync(event.image)), event.maxWidth ?? 32);
  const dir = event.outputDir ?? defaultOutput;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, basename(event.image).replace(/\.png$/i, '') + '.thumb.png');
  writeFileSync(file, encodePng(thumbnail));
  return { file, width: thumbnail.width, height: thumbnail.height };
}
