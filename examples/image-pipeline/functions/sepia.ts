// A sepia copy of the resized image (the usual sepia tone matrix).
import { mapPixels, readImage, writeImage } from './image-files.ts';

export function handler(event: { resized: { file: string }; outputDir: string }): { file: string } {
  const sepia = mapPixels(readImage(event.resized.file), (r, g, b) => [
    0.393 * r + 0.769 * g + 0.189 * b,
    0.349 * r + 0.686 * g + 0.168 * b,
    0.272 * r + 0.534 * g + 0.131 * b,
  ]);
  return { file: writeImage(sepia, event.outputDir, event.resized.file, 'sepia') };
}
