// A 16-pixel-wide thumbnail of every filtered image.
import { scaleToWidth } from '../../image-moderation/functions/png.ts';
import { readImage, writeImage } from './image-files.ts';

export function handler(event: { filtered: { file: string }[]; outputDir: string }): string[] {
  return event.filtered.map(({ file }) =>
    writeImage(scaleToWidth(readImage(file), 16), event.outputDir, file, 'thumb'),
  );
}
