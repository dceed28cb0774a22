// A grayscale copy of the resized image (ITU-R BT.601 luma).
import { mapPixels, readImage, writeImage } from './image-files.ts';

export function handler(event: { resized: { file: string }; outputDir: string }): { file: string } {
  const gray = mapPixels(readImage(event.resized.file), (r, g, b) => {
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    return [luma, luma, luma];
  });
  return { file: writeImage(gray, event.outputDir, event.resized.file, 'grayscale') };
}
