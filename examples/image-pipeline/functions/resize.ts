// Scales the upload to at most 64 pixels wide into the output folder.
import { scaleToWidth } from '../../image-moderation/functions/png.ts';
import { readImage, writeImage } from './image-files.ts';

export function handler(event: { image: string; outputDir: string }): { file: string; width: number } {
  const resized = scaleToWidth(readImage(event.image), 64);
  return { file: writeImage(resized, event.outputDir, event.image, 'resized'), width: resized.width };
}
